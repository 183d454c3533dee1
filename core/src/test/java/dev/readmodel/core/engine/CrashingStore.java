package dev.readmodel.core.engine;

import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.DeliveryGuarantee;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Random;

/**
 * An in-memory store that commits like a store without transactions (writes, then checkpoint) and
 * "crashes" the process at random: before the writes, between the writes and the checkpoint, or after.
 */
class CrashingStore extends CountingStore {
    /** Stands for the process dying: an Error, so nothing in the engine handles it as a failure. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String where) {
            super("simulated crash " + where);
        }
    }

    private final InMemoryReadModelStore memory;
    private final Random random;
    private final double crashProbability;
    private final boolean idempotent;
    volatile int crashes;

    CrashingStore(InMemoryReadModelStore memory, Random random, double crashProbability, boolean idempotent) {
        super(memory);
        this.memory = memory;
        this.random = random;
        this.crashProbability = crashProbability;
        this.idempotent = idempotent;
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return idempotent ? DeliveryGuarantee.IDEMPOTENT : DeliveryGuarantee.ATOMIC;
    }

    @Override
    public void commit(WriteBatch batch) {
        maybeCrash("before the writes");
        if (!idempotent) {
            memory.commit(batch);
            maybeCrash("after the commit");
            return;
        }
        memory.commit(new WriteBatch(batch.projection(), batch.writes(), memory.checkpoint(batch.projection())));
        maybeCrash("between writes and checkpoint");
        memory.checkpoints().store(new Checkpoint(batch.projection(), batch.checkpoint()));
    }

    private synchronized void maybeCrash(String where) {
        if (random.nextDouble() < crashProbability) {
            crashes++;
            throw new SimulatedCrash(where);
        }
    }
}
