package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.change.CommitNotice;
import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.Overflowed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NoticeSubscriptionTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<CommitNotice> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static Committed at(long position) {
        return new Committed("p", position, List.of());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(1);
        }
    }

    private NoticeSubscription subscription(int capacity, dev.readmodel.core.change.CommitListener listener,
            Runnable onClose) {
        return new NoticeSubscription(listener, NoticeFilter.ALL, capacity, executor, onClose, Map.of());
    }

    @Test
    void deliversEveryNoticeInTheOrderOffered() throws Exception {
        NoticeSubscription subscription = subscription(1_000, received::add, () -> { });
        for (long p = 1; p <= 500; p++) {
            subscription.offer(at(p));
        }
        await(() -> subscription.delivered() == 500);
        assertThat(received).extracting(CommitNotice::position)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
        assertThat(subscription.dropped()).isZero();
    }

    @Test
    void aBlockedListenerGetsItsBufferThenOneOverflowedWithTheExactGapThenNewerNotices() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NoticeSubscription subscription = subscription(3, notice -> {
            received.add(notice);
            if (notice.position() == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, () -> { });
        subscription.offer(at(1));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (long p = 2; p <= 9; p++) { // 2..4 fit the buffer of 3; 5..9 are dropped
            subscription.offer(at(p));
        }
        assertThat(subscription.dropped()).isEqualTo(5);
        release.countDown();
        await(() -> subscription.delivered() == 5);
        subscription.offer(at(10));
        subscription.offer(at(11));
        await(() -> subscription.delivered() == 7);

        assertThat(received).containsExactly(at(1), at(2), at(3), at(4), new Overflowed(5, 9), at(10), at(11));
        assertThat(subscription.dropped()).isEqualTo(5);
    }

    @Test
    void twoGapsSeparatedByANoticeAreReportedApart() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NoticeSubscription subscription = subscription(1, notice -> {
            received.add(notice);
            if (notice.position() == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, () -> { });
        subscription.offer(at(1));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        subscription.offer(at(2)); // buffered
        subscription.offer(at(3)); // dropped
        subscription.offer(at(4)); // dropped
        release.countDown();
        await(() -> subscription.delivered() == 3);
        assertThat(received).containsExactly(at(1), at(2), new Overflowed(2, 4));
        assertThat(subscription.dropped()).isEqualTo(2);
    }

    @Test
    void aListenerThatThrowsStillGetsTheNextNotice() throws Exception {
        NoticeSubscription subscription = subscription(10, notice -> {
            received.add(notice);
            if (notice.position() == 1) {
                throw new IllegalStateException("listener bug");
            }
        }, () -> { });
        subscription.offer(at(1));
        subscription.offer(at(2));
        await(() -> subscription.delivered() == 2);
        assertThat(received).containsExactly(at(1), at(2));
    }

    @Test
    void closeStopsDeliveriesAndRunsItsCallbackOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger closes = new AtomicInteger();
        NoticeSubscription subscription = subscription(10, notice -> {
            received.add(notice);
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, closes::incrementAndGet);
        subscription.offer(at(1));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        subscription.offer(at(2));
        subscription.close();
        subscription.close();
        release.countDown();
        await(() -> subscription.delivered() == 1); // the notice being delivered finishes
        subscription.offer(at(3));
        Thread.sleep(100); // a delivery after close would have run by now
        assertThat(received).containsExactly(at(1));
        assertThat(subscription.delivered()).isEqualTo(1);
        assertThat(closes).hasValue(1);
    }
}
