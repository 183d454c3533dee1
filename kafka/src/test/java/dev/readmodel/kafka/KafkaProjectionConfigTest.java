package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaProjectionConfigTest {
    private static final KafkaProjectionConfig BASE = KafkaProjectionConfig.of("127.0.0.1:19092", "orders", "tally");

    @Test
    void refusesSettingsItsGuaranteeRestsOnAndBadValues() {
        assertThatThrownBy(() -> BASE.withConsumerProperties(Map.of("enable.auto.commit", "true")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[enable.auto.commit]");
        assertThatThrownBy(() -> BASE.withConsumerProperties(Map.of("isolation.level", "read_uncommitted")))
                .hasMessageContaining("[isolation.level]");
        assertThatThrownBy(() -> BASE.withMaxPollRecords(0)).hasMessageContaining("maxPollRecords [0]");
        assertThatThrownBy(() -> KafkaProjectionConfig.of("b:1", "orders", "a group"))
                .hasMessageContaining("groupId [a group]");
        assertThat(BASE.withConsumerProperties(Map.of("session.timeout.ms", "6000")).consumerProperties())
                .containsEntry("session.timeout.ms", "6000");
    }

    @Test
    void namesEachPartitionsCheckpointAfterProjectionTopicAndPartition() {
        assertThat(KafkaProjectionConsumer.checkpointName("tally", "orders", 11)).isEqualTo("tally@orders/11");
    }
}
