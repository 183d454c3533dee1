package dev.readmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.CheckpointStore;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CheckpointStore} must do, checked against the real backend: each store's test
 * extends this class and returns its store. Each test uses projection names of its own, so the store
 * need not be empty.
 */
public abstract class CheckpointStoreContract {
    /** The store under test; called before every test and from several threads. */
    protected abstract CheckpointStore store();

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** A projection name unique to this run, within what {@code Projection.named} accepts. */
    private String projection(String name) {
        return name + "-" + run;
    }

    private void store(String projection, long position) {
        store().store(new Checkpoint(projection, position));
    }

    @Test
    void aProjectionWithoutACheckpointIsAtZero() {
        assertThat(store().load(projection("never-stored"))).isZero();
    }

    @Test
    void aStoredCheckpointLoadsExactly() {
        // 2^53 + 1 is the first long a double cannot hold: a store that passes positions through one loses it
        for (long position : new long[] {1, 42, 9_007_199_254_740_993L, Long.MAX_VALUE}) {
            store(projection("round-trip"), position);
            assertThat(store().load(projection("round-trip"))).as("position [%d]", position).isEqualTo(position);
        }
    }

    @Test
    void aCheckpointReplacesThePreviousOneForwardAndBackward() {
        String name = projection("overwrite");
        store(name, 100);
        store(name, 250);
        assertThat(store().load(name)).isEqualTo(250);
        store(name, 7);
        assertThat(store().load(name)).as("a rebuild moves the checkpoint back").isEqualTo(7);
        store(name, 0);
        assertThat(store().load(name)).as("a reset to the start").isZero();
        store(name, 8);
        assertThat(store().load(name)).isEqualTo(8);
    }

    @Test
    void projectionsKeepCheckpointsOfTheirOwn() {
        // names that differ only in case, where SQL LIKE would take '_' for any character, by a suffix,
        // and one of 64 characters, the longest a projection name may be
        List<String> names = List.of(projection("orders"), projection("Orders"), projection("or_ers"),
                projection("or.ers"), projection("orders") + "-2", ("x" + run).repeat(7) + "y");
        for (int i = 0; i < names.size(); i++) {
            store(names.get(i), 10L + i);
        }
        store(names.get(0), 1000);
        assertThat(store().load(names.get(0))).isEqualTo(1000);
        for (int i = 1; i < names.size(); i++) {
            assertThat(store().load(names.get(i))).as(names.get(i)).isEqualTo(10L + i);
        }
    }

    @Test
    void concurrentWritersOfDifferentProjectionsEachKeepTheirLastCheckpoint() throws Exception {
        int writers = 4;
        int checkpoints = 20;
        Parallel.run(writers, w -> {
            for (long position = 1; position <= checkpoints; position++) {
                store(projection("concurrent-" + w), position);
            }
        });
        for (int w = 0; w < writers; w++) {
            assertThat(store().load(projection("concurrent-" + w))).as("writer %d", w).isEqualTo(checkpoints);
        }
    }
}
