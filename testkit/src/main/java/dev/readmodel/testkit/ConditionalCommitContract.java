package dev.readmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code DocumentWriter.commitIfCheckpoint} promises on a store that checks and commits atomically:
 * a commit from the stored checkpoint moves it and writes; one from any other checkpoint writes nothing and
 * says what it found; of writers racing from one checkpoint exactly one commits. Each such store's test
 * extends this class and returns its store.
 */
public abstract class ConditionalCommitContract {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final ReadModel FENCED = ReadModel.named("fenced_docs").key("doc_id").field("writer", FieldType.LONG)
            .build();

    /** The store under test, shared by the tests of a class. */
    protected abstract ReadModelStore store();

    private String checkpoint;

    @BeforeEach
    void cleanReadModel() {
        checkpoint = "fenced-" + RUNS.incrementAndGet() + "@topic/0";
        store().prepare(List.of(FENCED));
    }

    @Test
    void aCommitFromTheStoredCheckpointWritesAndMovesIt() {
        store().commitIfCheckpoint(batch("a", 1, 10), 0); // no checkpoint stored yet counts as 0
        store().commitIfCheckpoint(batch("b", 2, 25), 10);
        assertThat(store().checkpoint(checkpoint)).isEqualTo(25);
        assertThat(store().load(FENCED, List.of("a", "b")).keySet()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aCommitFromAnotherCheckpointWritesNothingAndNamesBoth() {
        store().commitIfCheckpoint(batch("first", 1, 10), 0);
        assertThatThrownBy(() -> store().commitIfCheckpoint(batch("stale", 2, 12), 0))
                .isInstanceOfSatisfying(CheckpointMovedException.class, e -> {
                    assertThat(e.checkpoint()).isEqualTo(checkpoint);
                    assertThat(e.expected()).isZero();
                    assertThat(e.found()).isEqualTo(10);
                }).hasMessageContaining("[" + checkpoint + "]");
        assertThatThrownBy(() -> store().commitIfCheckpoint(batch("ahead", 3, 30), 20))
                .isInstanceOf(CheckpointMovedException.class);
        assertThat(store().checkpoint(checkpoint)).isEqualTo(10);
        assertThat(store().load(FENCED, List.of("stale", "ahead"))).isEmpty();
    }

    @Test
    void ofWritersRacingFromOneCheckpointExactlyOneCommits() throws Exception {
        store().commitIfCheckpoint(batch("start", 0, 5), 0);
        Set<Integer> committed = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        for (int round = 0; round < 5; round++) {
            long from = store().checkpoint(checkpoint);
            int base = round * 10;
            Parallel.run(6, writer -> {
                try {
                    store().commitIfCheckpoint(batch("w" + (base + writer), base + writer, from + 1 + writer), from);
                    committed.add(base + writer);
                } catch (CheckpointMovedException e) {
                    refused.incrementAndGet();
                }
            });
        }
        assertThat(committed).hasSize(5);
        assertThat(refused.get()).isEqualTo(25);
        List<String> all = IntStream.range(0, 50).mapToObj(i -> "w" + i).toList();
        assertThat(store().load(FENCED, all).keySet()).containsExactlyInAnyOrderElementsOf(
                committed.stream().map(i -> "w" + i).toList());
    }

    private WriteBatch batch(String id, long writer, long next) {
        return new WriteBatch(checkpoint, List.of(new DocumentWrite.Put(FENCED, id, Document.of("doc_id", id, "writer", writer), next)),
                next, true);
    }
}
