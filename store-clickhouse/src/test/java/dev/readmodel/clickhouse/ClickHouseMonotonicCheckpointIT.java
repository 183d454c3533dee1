package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.internal.CheckpointTable;
import dev.readmodel.clickhouse.internal.ClickHouseCalls;
import dev.readmodel.core.projection.Checkpoint;
import com.clickhouse.client.api.Client;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse has no compare-and-set, so racing conditional commits all land; their checkpoint rows are
 * versioned by position from the row they were checked against, so the furthest stays whatever order they
 * land in, and a reset or a rebuild's checkpoint still replaces them.
 */
class ClickHouseMonotonicCheckpointIT {
    @Test
    void ofCommitsCheckedAgainstOneRowTheFurthestStaysInWhateverOrderTheyLand() {
        ClickHouseConfig config = ClickHouseServer.freshDatabase();
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(config); Client client = config.client()) {
            CheckpointTable table = new CheckpointTable(config.database(), new ClickHouseCalls(client), store.dialect()::values);
            table.store("p@t/0", 10);
            CheckpointTable.Stored checked = table.loadStored("p@t/0");
            table.storeAfter("p@t/0", checked, 30);
            table.storeAfter("p@t/0", checked, 20); // a slower racer from the same checkpoint lands last
            assertThat(store.checkpoint("p@t/0")).isEqualTo(30);

            CheckpointTable.Stored none = table.loadStored("q@t/0");
            assertThat(none).isEqualTo(new CheckpointTable.Stored(0, 0));
            table.storeAfter("q@t/0", none, 7);
            table.storeAfter("q@t/0", none, 5);
            assertThat(store.checkpoint("q@t/0")).isEqualTo(7);
        }
    }

    @Test
    void aResetAndARebuildsCheckpointReplaceCommitsThatRanAheadOfTheClock() {
        ClickHouseConfig config = ClickHouseServer.freshDatabase();
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(config); Client client = config.client()) {
            CheckpointTable table = new CheckpointTable(config.database(), new ClickHouseCalls(client), store.dialect()::values);
            table.store("p@t/0", 1);
            // positions far ahead of the microseconds since the last plain write
            table.storeAfter("p@t/0", table.loadStored("p@t/0"), 1_000_000_000_000L);
            store.truncate("p@t/0", List.of());
            assertThat(store.checkpoint("p@t/0")).isZero();

            table.storeAfter("p@t/0", table.loadStored("p@t/0"), 2_000_000_000_000L);
            store.checkpoints().store(new Checkpoint("p@t/0", 42));
            assertThat(store.checkpoint("p@t/0")).isEqualTo(42);
        }
    }
}
