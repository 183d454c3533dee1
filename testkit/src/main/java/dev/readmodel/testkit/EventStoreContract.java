package dev.readmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.WrongExpectedVersionException;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamAppend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} must do, checked against the real backend. Each test uses stream ids of
 * its own and positions relative to the head it found, so the store need not be empty.
 */
public abstract class EventStoreContract {
    /** The store under test; called before every test. */
    protected abstract EventStore store();

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private String stream(String name) {
        return name + "-" + run;
    }

    private static NewEvent event(String type, int n) {
        return NewEvent.of(type, Map.of("n", n, "text", "unicode é 中 '\"\\"));
    }

    @Test
    void appendsAssignIncreasingPositionsAndStreamVersions() {
        long head = store().head().position();
        AppendResult first = store().append(stream("a"), ExpectedVersion.NO_STREAM,
                List.of(event("contract.one", 1), event("contract.two", 2)));
        assertThat(first.streamVersion()).isEqualTo(2);
        assertThat(first.events()).extracting(EventEnvelope::streamVersion).containsExactly(1L, 2L);
        assertThat(first.events().get(0).position()).isGreaterThan(head);
        assertThat(first.events().get(1).position()).isGreaterThan(first.events().get(0).position());
        AppendResult second = store().append(stream("a"), ExpectedVersion.exactly(2), List.of(event("contract.three", 3)));
        assertThat(second.streamVersion()).isEqualTo(3);
        assertThat(second.lastPosition()).isGreaterThan(first.lastPosition());

        List<EventEnvelope> read = store().readStream(stream("a"));
        assertThat(read).extracting(EventEnvelope::type).containsExactly("contract.one", "contract.two", "contract.three");
        assertThat(read.get(0).data().get("text").asText()).isEqualTo("unicode é 中 '\"\\");
        assertThat(read.get(0).eventId()).isEqualTo(first.events().get(0).eventId());
        assertThat(store().readStream(stream("missing"))).isEmpty();
    }

    @Test
    void aWrongExpectedVersionWritesNothing() {
        store().append(stream("b"), ExpectedVersion.NO_STREAM, List.of(event("contract.one", 1)));
        assertThatThrownBy(() -> store().append(stream("b"), ExpectedVersion.NO_STREAM, List.of(event("contract.x", 1))))
                .isInstanceOf(WrongExpectedVersionException.class).hasMessageContaining(stream("b"));
        assertThatThrownBy(() -> store().append(stream("b"), ExpectedVersion.exactly(5),
                List.of(event("contract.x", 1), event("contract.y", 2))))
                .isInstanceOf(WrongExpectedVersionException.class)
                .satisfies(e -> assertThat(((WrongExpectedVersionException) e).actual()).isEqualTo(1));
        assertThatThrownBy(() -> store().append(stream("never"), ExpectedVersion.exactly(1), List.of(event("contract.x", 1))))
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(store().readStream(stream("b"))).hasSize(1);
        assertThat(store().readStream(stream("never"))).isEmpty();
    }

    @Test
    void appendAllWritesSeveralStreamsAtomically() {
        store().append(stream("x"), ExpectedVersion.NO_STREAM, List.of(event("contract.one", 1)));
        List<AppendResult> results = store().appendAll(List.of(
                new StreamAppend(stream("x"), ExpectedVersion.exactly(1), List.of(event("contract.two", 2))),
                new StreamAppend(stream("y"), ExpectedVersion.NO_STREAM,
                        List.of(event("contract.one", 1), event("contract.two", 2)))));
        assertThat(results).extracting(AppendResult::streamVersion).containsExactly(2L, 2L);
        assertThat(results.get(1).events().get(0).position()).isGreaterThan(results.get(0).lastPosition());
        assertThatThrownBy(() -> store().appendAll(List.of(
                new StreamAppend(stream("z"), ExpectedVersion.NO_STREAM, List.of(event("contract.one", 1))),
                new StreamAppend(stream("x"), ExpectedVersion.exactly(1), List.of(event("contract.three", 3))))))
                .isInstanceOf(WrongExpectedVersionException.class).hasMessageContaining(stream("x"));
        assertThat(store().readStream(stream("z"))).as("nothing of a failed appendAll is written").isEmpty();
        assertThat(store().readStream(stream("x"))).hasSize(2);
        assertThatThrownBy(() -> store().appendAll(List.of(
                new StreamAppend(stream("d"), ExpectedVersion.ANY, List.of(event("contract.one", 1))),
                new StreamAppend(stream("d"), ExpectedVersion.ANY, List.of(event("contract.one", 1))))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void readsFilterByTypeAndSayHowFarTheyCovered() {
        long head = store().head().position();
        String type = "contract" + run + ".created";
        for (int i = 0; i < 9; i++) {
            store().append(stream("c"), ExpectedVersion.ANY, List.of(event(i % 3 == 0 ? type : "contract.noise", i)));
        }
        EventBatch two = store().read(head, 2, EventTypeMatcher.of("contract" + run + ".*"));
        assertThat(two.events()).hasSize(2).allMatch(e -> e.type().equals(type));
        assertThat(two.readUpTo()).isEqualTo(two.events().get(1).position());
        EventBatch rest = store().read(two.readUpTo(), 100, EventTypeMatcher.of(type));
        assertThat(rest.events()).hasSize(1);
        assertThat(rest.readUpTo()).isGreaterThanOrEqualTo(rest.events().get(0).position());
        EventBatch all = store().read(head, 100, EventTypeMatcher.all());
        assertThat(all.events()).hasSizeGreaterThanOrEqualTo(9);
        assertThat(all.events()).extracting(EventEnvelope::position).isSorted().doesNotHaveDuplicates();
        assertThat(store().head().position()).isGreaterThanOrEqualTo(all.readUpTo());
    }

    @Test
    void eventsKeepTheirTimesMetadataAndIds() {
        Instant at = Instant.parse("2023-06-01T12:34:56.789Z");
        NewEvent event = NewEvent.of("contract.meta", Map.of("x", 1), at).withMetadata(Map.of("user", "u-1"));
        store().append(stream("m"), ExpectedVersion.ANY, List.of(event));
        EventEnvelope read = store().readStream(stream("m")).get(0);
        assertThat(read.occurredAt()).isEqualTo(at);
        assertThat(read.metadata().get("user").asText()).isEqualTo("u-1");
        assertThat(read.eventId()).isEqualTo(event.eventId());
        assertThat(read.data().get("x").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentWritersLoseNothingAndReadersSeeEveryEventOnceInOrder() throws Exception {
        long head = store().head().position();
        int writers = 8;
        int perWriter = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        String type = "contract" + run + ".concurrent";
        for (int w = 0; w < writers; w++) {
            String stream = stream("w" + w);
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perWriter; i++) {
                    store().append(stream, i == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exactly(i),
                            List.of(event(type, i)));
                }
                return null;
            }));
        }
        Set<Long> seen = new HashSet<>();
        long after = head;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.size() < writers * perWriter && System.nanoTime() < deadline) {
            EventBatch batch = store().read(after, 37, EventTypeMatcher.of(type));
            for (EventEnvelope e : batch.events()) {
                assertThat(e.position()).isGreaterThan(after);
                assertThat(seen.add(e.position())).as("position %s seen once", e.position()).isTrue();
                after = e.position();
            }
            after = Math.max(after, batch.readUpTo());
            if (batch.events().isEmpty()) {
                store().awaitEvents(after, Duration.ofMillis(20));
            }
        }
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(seen).hasSize(writers * perWriter);
        for (int w = 0; w < writers; w++) {
            assertThat(store().readStream(stream("w" + w))).extracting(EventEnvelope::streamVersion)
                    .isEqualTo(LongStream.rangeClosed(1, perWriter).boxed().toList());
        }
    }

    @Test
    void awaitEventsWakesWhenAnEventArrives() throws Exception {
        long head = store().head().position();
        Thread appender = new Thread(() -> {
            try {
                Thread.sleep(50);
                store().append(stream("wake"), ExpectedVersion.ANY, List.of(event("contract.wake", 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        appender.start();
        long start = System.nanoTime();
        long after = head;
        while (store().read(after, 10, EventTypeMatcher.of("contract.wake")).events().isEmpty()) {
            store().awaitEvents(after, Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        appender.join();
    }
}
