package dev.readmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.CheckpointMovedException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.ConditionalCommit;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code DocumentWriter.commitIfCheckpoint} promises, held to the kind the store declares
 * ({@link ReadModelStore#conditionalCommit()}): on every kind a commit from the stored checkpoint moves it
 * and writes, and one from any other checkpoint writes nothing and says what it found. Of writers racing
 * from one checkpoint: on {@link ConditionalCommit#ATOMIC} stores exactly one commits and only its documents
 * are written; on {@link ConditionalCommit#CONDITIONAL_CHECKPOINT} stores exactly one commits and the
 * documents written are the winner's and those of the racers refused at the checkpoint's write (which say
 * so); on {@link ConditionalCommit#MONOTONIC_CHECKPOINT} stores at least one commits and the checkpoint
 * stays at the furthest of them. Each store's test extends this class and returns its store.
 */
public abstract class ConditionalCommitContract {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final ReadModel FENCED = ReadModel.named("fenced_docs").key("doc_id").field("writer", FieldType.LONG)
            .build();
    private static final int WRITERS = 6;
    private static final int ROUNDS = 5;

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
                    assertThat(e.documentsWritten()).isFalse();
                }).hasMessageContaining("[" + checkpoint + "]");
        assertThatThrownBy(() -> store().commitIfCheckpoint(batch("ahead", 3, 30), 20))
                .isInstanceOf(CheckpointMovedException.class);
        assertThat(store().checkpoint(checkpoint)).isEqualTo(10);
        assertThat(store().load(FENCED, List.of("stale", "ahead"))).isEmpty();
    }

    @Test
    void writersRacingFromOneCheckpointLeaveWhatTheStoreDeclares() throws Exception {
        ConditionalCommit kind = store().conditionalCommit();
        store().commitIfCheckpoint(batch("start", 0, 5), 0);
        Set<Integer> committed = ConcurrentHashMap.newKeySet();
        Set<Integer> refusedAfterWriting = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            long from = store().checkpoint(checkpoint);
            int base = round * 10;
            Map<Integer, Long> nexts = new ConcurrentHashMap<>();
            Set<Integer> won = ConcurrentHashMap.newKeySet();
            Parallel.run(WRITERS, writer -> {
                long next = from + 1 + writer;
                nexts.put(base + writer, next);
                try {
                    store().commitIfCheckpoint(batch("w" + (base + writer), base + writer, next), from);
                    won.add(base + writer);
                } catch (CheckpointMovedException e) {
                    refused.incrementAndGet();
                    if (e.documentsWritten()) {
                        refusedAfterWriting.add(base + writer);
                    }
                }
            });
            assertThat(won).as("round %s from [%s]", round, from).isNotEmpty();
            long furthest = won.stream().mapToLong(nexts::get).max().orElseThrow();
            assertThat(store().checkpoint(checkpoint)).as("the checkpoint after round %s", round).isEqualTo(furthest);
            committed.addAll(won);
        }
        List<String> all = IntStream.range(0, ROUNDS * 10).mapToObj(i -> "w" + i).toList();
        Set<String> written = store().load(FENCED, all).keySet();
        List<String> winners = committed.stream().map(i -> "w" + i).toList();
        switch (kind) {
            case ATOMIC -> {
                assertThat(committed).hasSize(ROUNDS);
                assertThat(refused.get()).isEqualTo(ROUNDS * (WRITERS - 1));
                assertThat(refusedAfterWriting).isEmpty();
                assertThat(written).containsExactlyInAnyOrderElementsOf(winners);
            }
            case CONDITIONAL_CHECKPOINT -> {
                assertThat(committed).hasSize(ROUNDS);
                assertThat(refused.get()).isEqualTo(ROUNDS * (WRITERS - 1));
                List<String> expected = new ArrayList<>(winners);
                refusedAfterWriting.forEach(i -> expected.add("w" + i));
                assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
            }
            case MONOTONIC_CHECKPOINT -> {
                assertThat(committed.size() + refused.get()).isEqualTo(ROUNDS * WRITERS);
                List<String> expected = new ArrayList<>(winners);
                refusedAfterWriting.forEach(i -> expected.add("w" + i));
                assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
            }
            case CHECK_THEN_COMMIT -> assertThat(written).containsAll(winners);
        }
    }

    private WriteBatch batch(String id, long writer, long next) {
        return new WriteBatch(checkpoint, List.of(new DocumentWrite.Put(FENCED, id, Document.of("doc_id", id, "writer", writer), next)),
                next, true);
    }
}
