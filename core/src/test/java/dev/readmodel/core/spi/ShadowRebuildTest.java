package dev.readmodel.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.memory.InMemoryCheckpointStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shadow-rebuild protocol that every store shares: which checkpoints move, and in what order. */
class ShadowRebuildTest {
    private static final ReadModel ITEMS = ReadModel.named("items").key("id").field("name", FieldType.KEYWORD).build();
    private static final String PROJECTION = "catalog";

    private final CheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final Recording tables = new Recording();

    @Test
    void theNamesAreTheSuffixesTheEngineReads() {
        assertThat(ShadowNames.shadowOf("orders")).isEqualTo("orders__shadow");
        assertThat(ShadowNames.shadowCheckpoint("orders")).isEqualTo("orders#rebuild");
    }

    @Test
    void beginResetsAShadowCheckpointAnEarlierRebuildLeft() {
        checkpoints.store(new Checkpoint("catalog#rebuild", 40));
        RebuildTarget target = begin();
        assertThat(tables.steps).containsExactly("create [items]", "checkpoint catalog#rebuild=0");
        assertThat(target.checkpoint(PROJECTION)).isZero();
    }

    @Test
    void aCommitWritesTheShadowAndItsCheckpointButLeavesTheProjectionsOwn() {
        checkpoints.store(new Checkpoint(PROJECTION, 5));
        RebuildTarget target = begin();
        target.commit(batch(7));
        assertThat(tables.steps).endsWith("write up to 7", "checkpoint catalog#rebuild=7");
        assertThat(target.checkpoint(PROJECTION)).isEqualTo(7);
        assertThat(checkpoints.load(PROJECTION)).isEqualTo(5);
    }

    @Test
    void aSwapMovesTheCheckpointAfterTheTablesAndDropsTheOldCopiesOnlyThen() {
        checkpoints.store(new Checkpoint(PROJECTION, 5));
        RebuildTarget target = begin();
        target.commit(batch(9));
        tables.steps.clear();
        target.swap();
        assertThat(tables.steps).containsExactly("swap [items]", "checkpoint catalog=9", "drop replaced");
        assertThat(checkpoints.load(PROJECTION)).isEqualTo(9);
    }

    @Test
    void aFailedSwapLeavesTheCheckpointAndCanBeTriedAgain() {
        checkpoints.store(new Checkpoint(PROJECTION, 5));
        RebuildTarget target = begin();
        target.commit(batch(9));
        tables.failSwaps = 1;
        assertThatThrownBy(target::swap).isInstanceOf(TransientStoreException.class);
        assertThat(checkpoints.load(PROJECTION)).isEqualTo(5);
        target.swap();
        assertThat(checkpoints.load(PROJECTION)).isEqualTo(9);
    }

    @Test
    void aSwapWhoseCheckpointMoveFailedIsNotSwappedAgainWhenTriedAgain() {
        checkpoints.store(new Checkpoint(PROJECTION, 5));
        RebuildTarget target = begin();
        target.commit(batch(9));
        tables.steps.clear();
        tables.failCheckpointMoves = 1;
        assertThatThrownBy(target::swap).isInstanceOf(TransientStoreException.class);
        target.swap();
        // a second swap would put the old copies back (EXCHANGE) or drop the only copy of them (RENAME)
        assertThat(tables.steps).containsExactly("swap [items]", "checkpoint catalog=9", "drop replaced");
        assertThat(checkpoints.load(PROJECTION)).isEqualTo(9);
    }

    @Test
    void anAbortDropsTheShadowAndResetsItsCheckpointOnly() {
        checkpoints.store(new Checkpoint(PROJECTION, 5));
        RebuildTarget target = begin();
        target.commit(batch(9));
        tables.steps.clear();
        target.abort();
        assertThat(tables.steps).containsExactly("drop [items]", "checkpoint catalog#rebuild=0");
        assertThat(checkpoints.load(PROJECTION)).isEqualTo(5);
    }

    @Test
    void theInMemoryStoreKeepsItsShadowCheckpointWhereTheEngineLooksForIt() {
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        store.prepare(List.of(ITEMS));
        RebuildTarget target = store.beginRebuild(PROJECTION, List.of(ITEMS));
        target.commit(batch(7));
        assertThat(store.checkpoints().load(ShadowNames.shadowCheckpoint(PROJECTION))).isEqualTo(7);
        assertThat(store.checkpoint(PROJECTION)).isZero();
        target.swap();
        assertThat(store.checkpoint(PROJECTION)).isEqualTo(7);
        assertThat(store.load(ITEMS, List.of("a"))).containsOnlyKeys("a");
    }

    /** A rebuild over the recording tables, whose checkpoint steps are recorded too. */
    private RebuildTarget begin() {
        return ShadowRebuild.begin(PROJECTION, List.of(ITEMS), tables.withCheckpoints(tables.recorded), checkpoints);
    }

    private static WriteBatch batch(long checkpoint) {
        return new WriteBatch(PROJECTION, List.of(new DocumentWrite.Put(ITEMS, "a",
                Document.of(Map.of("id", "a", "name", "x")), checkpoint)), checkpoint);
    }

    /** Records each step, and what the checkpoint steps wrote, in order. */
    private final class Recording implements SequentialShadowTables {
        final List<String> steps = new ArrayList<>();
        int failSwaps;
        int failCheckpointMoves;

        private final CheckpointStore recorded = new CheckpointStore() {
            @Override
            public long load(String projection) {
                return checkpoints.load(projection);
            }

            @Override
            public void store(Checkpoint checkpoint) {
                if (checkpoint.projection().equals(PROJECTION) && failCheckpointMoves-- > 0) {
                    throw new TransientStoreException("checkpoint refused", null);
                }
                steps.add("checkpoint " + checkpoint.projection() + "=" + checkpoint.position());
                checkpoints.store(checkpoint);
            }
        };

        @Override
        public void create(List<ReadModel> models) {
            steps.add("create " + names(models));
        }

        @Override
        public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
            return Map.of();
        }

        @Override
        public void write(WriteBatch batch) {
            steps.add("write up to " + batch.checkpoint());
        }

        @Override
        public Runnable swapIn(List<ReadModel> models) {
            if (failSwaps-- > 0) {
                throw new TransientStoreException("swap refused", null);
            }
            steps.add("swap " + names(models));
            return () -> steps.add("drop replaced");
        }

        @Override
        public void drop(List<ReadModel> models) {
            steps.add("drop " + names(models));
        }

        private List<String> names(List<ReadModel> models) {
            return models.stream().map(ReadModel::name).toList();
        }
    }
}
