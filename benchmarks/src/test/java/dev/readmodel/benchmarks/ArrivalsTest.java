package dev.readmodel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the feed benchmark holds the notices it received against the events it appended. */
class ArrivalsTest {
    private static final long MS = 1_000_000;

    /** Events 1 and 2 (meters a, b) in one call returning at 10 ms, event 3 (meter a) in one returning at 20 ms. */
    private static Arrivals.Appended appended() {
        Arrivals.Appended appended = new Arrivals.Appended();
        appended.call(List.of(1L, 2L), List.of("a", "b"), 8 * MS, 10 * MS);
        appended.call(List.of(3L), List.of("a"), 19 * MS, 20 * MS);
        return appended;
    }

    @Test
    void eachEventCountsFromItsCallToTheNoticeOfItsBatch() throws InterruptedException {
        Arrivals arrivals = new Arrivals();
        arrivals.add(2, 15 * MS, Map.of("a", 1L, "b", 2L));
        arrivals.add(3, 27 * MS, Map.of("a", 3L));

        Arrivals.Latencies fromReturn = arrivals.latencies(appended(), Duration.ofSeconds(1), false);
        Arrivals.Latencies fromStart = arrivals.latencies(appended(), Duration.ZERO, true);

        assertThat(fromReturn.values()).containsExactly(5.0, 5.0, 7.0);
        assertThat(fromStart.values()).containsExactly(7.0, 7.0, 8.0);
        assertThat(fromReturn.p99()).isEqualTo(7.0);
    }

    @Test
    void aNoticeBeforeTheCallReturnedCountsAsZeroAndIsCounted() throws InterruptedException {
        Arrivals arrivals = new Arrivals();
        arrivals.add(3, 9 * MS, Map.of("a", 3L, "b", 2L));

        Arrivals.Latencies latencies = arrivals.latencies(appended(), Duration.ofSeconds(1), false);

        // events 1 and 2 arrived at 9 ms, before their call returned at 10 ms; event 3 before its call at 20 ms
        assertThat(latencies.values()).containsExactly(0.0, 0.0, 0.0);
        assertThat(latencies.early()).isEqualTo(3);
    }

    @Test
    void aBatchThatAlsoAppliedTheDocumentsNextEventHoldsBothInOneChange() throws InterruptedException {
        Arrivals arrivals = new Arrivals();
        arrivals.add(3, 30 * MS, Map.of("a", 3L, "b", 2L));

        assertThat(arrivals.latencies(appended(), Duration.ofSeconds(1), false).values()).hasSize(3);
    }

    @Test
    void anEventWhoseChangeIsNotInItsBatchsNoticeFailsTheRun() {
        Arrivals arrivals = new Arrivals();
        arrivals.add(2, 15 * MS, Map.of("a", 1L)); // b's change missing
        arrivals.add(3, 27 * MS, Map.of("a", 3L));

        assertThatThrownBy(() -> arrivals.latencies(appended(), Duration.ofSeconds(1), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 of 3 events never arrived")
                .hasMessageContaining("position 2");
    }

    @Test
    void eventsPastTheLastNoticeFailTheRunOnceTheWaitEnds() {
        Arrivals arrivals = new Arrivals();
        arrivals.add(2, 15 * MS, Map.of("a", 1L, "b", 2L));

        assertThatThrownBy(() -> arrivals.latencies(appended(), Duration.ofMillis(50), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 of 3 events never arrived")
                .hasMessageContaining("last notice at 2");
    }

    @Test
    void anythingButACommitFailsTheRun() {
        Arrivals arrivals = new Arrivals();
        arrivals.add(2, 15 * MS, Map.of("a", 1L, "b", 2L));
        arrivals.unexpected("event: reset data: {\"reason\":\"overflow\"}");

        assertThatThrownBy(() -> arrivals.latencies(appended(), Duration.ofSeconds(1), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("overflow");
    }
}
