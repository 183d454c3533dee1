package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaRepartitionConfigTest {
    @Test
    void theReKeyedTopicAndTheGroupAreNamedAfterTheTopicAndTheKey() {
        KafkaRepartitionConfig config = KafkaRepartitionConfig.of("127.0.0.1:19092", "orders", "r1");
        PartitionKey day = new PartitionKey("day", event -> "x");
        assertThat(day.topic("orders")).isEqualTo("orders.by-day");
        assertThat(config.groupId(day)).isEqualTo("readmodel-repartition-orders.by-day");
        assertThat(PartitionKey.STREAM_ID.topic("orders")).isEqualTo("orders.by-stream");
        assertThat(config.withPartitions(24).partitions()).isEqualTo(24);
        assertThat(config.withMaxPollRecords(50).maxPollRecords()).isEqualTo(50);
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> KafkaRepartitionConfig.of(" ", "orders", "r1"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[ ]");
        assertThatThrownBy(() -> KafkaRepartitionConfig.of("k:9092", "orders", "r 1"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("instanceId [r 1]");
        assertThatThrownBy(() -> KafkaRepartitionConfig.of("k:9092", "orders", "r1").withPartitions(0))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("partitions [0]");
        assertThatThrownBy(() -> new KafkaRepartitionConfig("k:9092", "orders", "r1", 6, 10, Duration.ofMinutes(2),
                Duration.ofSeconds(1))).isInstanceOf(ConfigurationException.class).hasMessageContaining("pollTimeout [PT2M]");
        assertThatThrownBy(() -> new PartitionKey("By Day", event -> "x"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[By Day]");
    }
}
