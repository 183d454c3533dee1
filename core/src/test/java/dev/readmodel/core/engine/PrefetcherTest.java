package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.StreamHead;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PrefetcherTest {
    private static final Prefetcher.Retrying NO_RETRY = new Prefetcher.Retrying() {
        @Override
        public <T> T retry(Supplier<T> action) {
            return action.get();
        }
    };

    /** Two reads that succeed and fill the read-ahead queue, then one that fails for good. */
    private static final class FailingThirdRead implements EventSource {
        final CountDownLatch failed = new CountDownLatch(1);
        private int reads;

        @Override
        public synchronized EventBatch read(long afterPosition, int maxCount, EventTypeMatcher types) {
            if (++reads <= Prefetcher.AHEAD) {
                return new EventBatch(List.of(), afterPosition + maxCount);
            }
            failed.countDown();
            throw new StoreException("Event source [test] lost its table after position [" + afterPosition + "]");
        }

        @Override
        public StreamHead head() {
            return new StreamHead(1_000, Instant.EPOCH);
        }

        @Override
        public void awaitEvents(long afterPosition, Duration timeout) {
        }
    }

    @Test
    void aFailureWhileTheQueueIsFullStillReachesTheConsumer() throws Exception {
        FailingThirdRead source = new FailingThirdRead();
        try (Prefetcher reads = new Prefetcher(TestDomain.ordersBuilder("prefetch").build(), source, 0, 10, NO_RETRY)) {
            assertThat(source.failed.await(5, TimeUnit.SECONDS)).as("the third read was tried").isTrue();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertThat(reads.next(0).readUpTo()).isEqualTo(10);
                assertThat(reads.next(0).readUpTo()).isEqualTo(20);
                assertThatThrownBy(() -> reads.next(0)).isInstanceOf(StoreException.class)
                        .hasMessageContaining("lost its table after position [20]");
            });
        }
    }

    @Test
    void theConsumerSeesTheFailureAgainOnEveryLaterCall() throws Exception {
        FailingThirdRead source = new FailingThirdRead();
        try (Prefetcher reads = new Prefetcher(TestDomain.ordersBuilder("prefetch").build(), source, 0, 10, NO_RETRY)) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                reads.next(0);
                reads.next(0);
                assertThatThrownBy(() -> reads.next(0)).isInstanceOf(StoreException.class);
                assertThatThrownBy(() -> reads.next(0)).isInstanceOf(StoreException.class);
            });
        }
    }
}
