package dev.readmodel.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.kafka.KafkaProjectionRebuild;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RebuildLedgerTest {
    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final RebuildLedger ledger = new RebuildLedger(store, "tally", "orders");

    @BeforeEach
    void prepare() {
        store.prepare(RebuildLedger.MODELS);
    }

    @Test
    void theNewestStateIsReadBackAndEachProjectionAndTopicHasItsOwn() {
        assertThat(ledger.state()).isEmpty();
        Instant at = Instant.parse("2026-12-01T10:00:00.123Z");
        ledger.write(new KafkaProjectionRebuild.State(1, KafkaProjectionRebuild.Phase.DRAINING, at));
        assertThat(ledger.state()).contains(new KafkaProjectionRebuild.State(1, KafkaProjectionRebuild.Phase.DRAINING, at));
        ledger.write(new KafkaProjectionRebuild.State(1, KafkaProjectionRebuild.Phase.REPLAYING, at));
        ledger.write(new KafkaProjectionRebuild.State(2, KafkaProjectionRebuild.Phase.DRAINING, at));
        assertThat(ledger.state()).contains(new KafkaProjectionRebuild.State(2, KafkaProjectionRebuild.Phase.DRAINING, at));
        assertThat(new RebuildLedger(store, "tally", "orders.by-day").state()).isEmpty();
        assertThat(new RebuildLedger(store, "other", "orders").state()).isEmpty();
    }

    @Test
    void acknowledgementsAreReadPerInstanceAndThoseThatNeverAcknowledgedAreAbsent() {
        ledger.acknowledge("a", 1);
        ledger.acknowledge("b", 1);
        ledger.acknowledge("b", 2);
        assertThat(ledger.acknowledged(List.of("a", "b", "c"))).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(ledger.acknowledged(List.of())).isEmpty();
        assertThat(new RebuildLedger(store, "other", "orders").acknowledged(List.of("a"))).isEmpty();
    }
}
