package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class QueryCacheTest {
    private final QueryCache cache = new QueryCache("id", 3);
    private final AtomicInteger loads = new AtomicInteger();

    private static Query byId(String id) {
        return Query.builder().where(Filter.eq("id", id)).build();
    }

    private static final Query ALL = Query.all();

    /** A load that counts itself and answers one document naming the load. */
    private Supplier<List<Document>> load() {
        return () -> List.of(Document.of("load", (long) loads.incrementAndGet()));
    }

    private long answerOf(Object question) {
        return cache.answer(question, load()).get(0).longValue("load", -1);
    }

    @Test
    void aSecondAskIsAHitAndTheFirstAMiss() {
        long first = answerOf(byId("a"));
        long second = answerOf(byId("a"));
        assertThat(second).isEqualTo(first);
        assertThat(loads).hasValue(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.entries()).isEqualTo(1);
    }

    @Test
    void aByIdAnswerIsDroppedOnlyByACommitChangingThatId() {
        long a = answerOf(byId("a"));
        cache.committed(Set.of("b"), true);
        assertThat(answerOf(byId("a"))).as("a commit of another id keeps it").isEqualTo(a);
        cache.committed(Set.of("a"), true);
        assertThat(answerOf(byId("a"))).as("a commit of that id drops it").isNotEqualTo(a);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void otherAnswersAreDroppedByAnyChangeToTheReadModelButNotByAnEmptyCommit() {
        long all = answerOf(ALL);
        cache.committed(Set.of(), true);
        assertThat(answerOf(ALL)).as("a batch that changed nothing keeps it").isEqualTo(all);
        cache.committed(Set.of("z"), true);
        assertThat(answerOf(ALL)).isNotEqualTo(all);
    }

    @Test
    void anAnswerLoadedWhileACommitDroppedAnswersIsNotKept() {
        // the load reads the store, then a commit lands before the answer is kept: it may predate the commit
        List<Document> racing = cache.answer(byId("a"), () -> {
            cache.committed(Set.of("a"), true);
            return List.of(Document.of("load", 0L));
        });
        assertThat(racing).hasSize(1);
        assertThat(cache.entries()).isZero();
        assertThat(answerOf(byId("a"))).as("asked again, it is loaded again").isEqualTo(1);
        assertThat(answerOf(byId("a"))).isEqualTo(1);
    }

    @Test
    void idsOfABatchNotYetVisibleAreDroppedAgainWhenAVisibleBatchCommits() {
        cache.committed(Set.of("a"), false);
        // loaded after the commit returned but before the store shows it: stale, and kept
        long stale = answerOf(byId("a"));
        assertThat(answerOf(byId("a"))).isEqualTo(stale);
        cache.committed(Set.of("other"), true);
        assertThat(answerOf(byId("a"))).as("the visible batch drops a again").isNotEqualTo(stale);
    }

    @Test
    void anEmptyVisibleBatchAlsoDropsTheIdsOfAnInvisibleOne() {
        cache.committed(Set.of("a"), false);
        long stale = answerOf(byId("a"));
        cache.committed(Set.of(), true);
        assertThat(answerOf(byId("a"))).isNotEqualTo(stale);
    }

    @Test
    void moreInvisibleIdsThanTheCapacityClearEverythingOnTheNextVisibleBatch() {
        cache.committed(Set.of("a", "b", "c", "d"), false);
        long b = answerOf(byId("b"));
        long x = answerOf(byId("x"));
        cache.committed(Set.of(), true);
        assertThat(answerOf(byId("b"))).isNotEqualTo(b);
        assertThat(answerOf(byId("x"))).as("overflowed: every answer goes").isNotEqualTo(x);
    }

    @Test
    void theLeastRecentlyUsedAnswerGoesBeyondTheCapacity() {
        long a = answerOf(byId("a"));
        answerOf(byId("b"));
        answerOf(byId("c"));
        assertThat(answerOf(byId("a"))).isEqualTo(a); // a is now the most recently used
        answerOf(byId("d")); // evicts b
        assertThat(cache.entries()).isEqualTo(3);
        int before = loads.get();
        answerOf(byId("a"));
        answerOf(byId("c"));
        answerOf(byId("d"));
        assertThat(loads).as("a, c and d kept").hasValue(before);
        answerOf(byId("b"));
        assertThat(loads).as("b was evicted").hasValue(before + 1);
    }

    @Test
    void anEvictedByIdAnswerIsForgottenByItsId() {
        answerOf(byId("a"));
        answerOf(byId("b"));
        answerOf(byId("c"));
        answerOf(byId("d")); // evicts a
        long aAgain = answerOf(byId("a")); // evicts b
        cache.committed(Set.of("b"), true);
        assertThat(answerOf(byId("a"))).isEqualTo(aAgain);
        cache.committed(Set.of("a"), true);
        assertThat(answerOf(byId("a"))).isNotEqualTo(aAgain);
    }

    @Test
    void otherAnswersHaveTheirOwnBound() {
        for (int limit = 1; limit <= 5; limit++) {
            answerOf(Query.builder().limit(limit).build());
        }
        assertThat(cache.entries()).isEqualTo(3);
        answerOf(byId("a"));
        assertThat(cache.entries()).isEqualTo(4);
    }

    @Test
    void clearDropsEverythingAndAnAnswerLoadedAcrossItIsNotKept() {
        long a = answerOf(byId("a"));
        answerOf(ALL);
        cache.clear();
        assertThat(cache.entries()).isZero();
        assertThat(answerOf(byId("a"))).isNotEqualTo(a);
        cache.answer(ALL, () -> {
            cache.clear();
            return List.of();
        });
        assertThat(cache.entries()).isZero();
    }
}
