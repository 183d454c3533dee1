package dev.readmodel.clickhouse;

import dev.readmodel.clickhouse.internal.CheckpointTable;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.CheckpointStore;

/** Checkpoints in ClickHouse's {@code readmodel_checkpoints} table. Thread-safe. */
public final class ClickHouseCheckpointStore implements CheckpointStore {
    private final CheckpointTable table;

    ClickHouseCheckpointStore(CheckpointTable table) {
        this.table = table;
    }

    @Override
    public long load(String projection) {
        return table.load(projection);
    }

    /** Over whatever is stored, even a checkpoint that conditional commits versioned past the clock. */
    @Override
    public void store(Checkpoint checkpoint) {
        table.storeOver(checkpoint.projection(), checkpoint.position());
    }
}
