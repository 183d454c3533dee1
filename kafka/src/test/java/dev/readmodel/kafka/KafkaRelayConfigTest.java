package dev.readmodel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaRelayConfigTest {
    private static final KafkaRelayConfig BASE = KafkaRelayConfig.of("127.0.0.1:19092", "orders");

    @Test
    void namesItsLeaseTransactionalIdAndProgressTopicAfterTheRelay() {
        KafkaRelayConfig config = BASE.withRelayName("eu-1");
        assertThat(config.leaseName()).isEqualTo("kafka-relay/eu-1");
        assertThat(config.transactionalId()).isEqualTo("readmodel-relay-eu-1");
        assertThat(config.progressTopic()).isEqualTo("orders.relay-progress");
        assertThat(BASE.relayName()).isEqualTo("orders");
    }

    @Test
    void rejectsBadValuesNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> KafkaRelayConfig.of(" ", "orders")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bootstrapServers [ ]");
        assertThatThrownBy(() -> KafkaRelayConfig.of("b:1", "or ders")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("topic [or ders]");
        assertThatThrownBy(() -> BASE.withPartitions(0)).hasMessageContaining("partitions [0]: expected 1 to 10000");
        assertThatThrownBy(() -> BASE.withBatchSize(100_001)).hasMessageContaining("batchSize [100001]");
        assertThatThrownBy(() -> BASE.withIntervals(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("pollTimeout [PT0S]");
        assertThatThrownBy(() -> BASE.withRelayName("a/b")).hasMessageContaining("relayName [a/b]");
    }

    @Test
    void refusesProducerPropertiesThatItsGuaranteeRestsOn() {
        assertThatThrownBy(() -> BASE.withProducerProperties(Map.of("enable.idempotence", "false")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[enable.idempotence]");
        assertThat(BASE.withProducerProperties(Map.of("linger.ms", "20")).producerProperties())
                .containsEntry("linger.ms", "20");
    }
}
