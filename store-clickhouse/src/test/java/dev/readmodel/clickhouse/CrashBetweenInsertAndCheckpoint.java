package dev.readmodel.clickhouse;

import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import java.util.Random;

/**
 * The ClickHouse store with a process "dying" at random right after a batch's rows are inserted and
 * before its checkpoint is written: the window an idempotent store must survive.
 */
final class CrashBetweenInsertAndCheckpoint extends ForwardingReadModelStore {
    private final Random random;
    private final double probability;
    private int crashes;

    CrashBetweenInsertAndCheckpoint(ClickHouseReadModelStore store, Random random, double probability) {
        super(store);
        this.random = random;
        this.probability = probability;
    }

    int crashes() {
        return crashes;
    }

    @Override
    public void commit(WriteBatch batch) {
        if (random.nextDouble() < probability) {
            // the rows land, the checkpoint does not: as if the process died between the two
            delegate.commit(new WriteBatch(batch.projection(), batch.writes(), delegate.checkpoint(batch.projection())));
            crashes++;
            throw new Error("simulated crash between insert and checkpoint");
        }
        delegate.commit(batch);
    }
}
