package dev.readmodel.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.BatchTiming;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters against the status they report, during a real run, the same for every store: lag that rises
 * while a slow projection falls behind and falls to 0 when it catches up, batch meters that count every
 * observed batch, and faults. Subclasses give the stores.
 */
abstract class MetricsContract {
    private final AtomicLong delayMillis = new AtomicLong(2);
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final AtomicBoolean fixed = new AtomicBoolean();
    private final List<BatchTiming> observed = new ArrayList<>();
    protected ProjectionEngine engine;
    protected ReadModelStore store;
    protected SimpleMeterRegistry registry;
    protected ReadModelMetrics metrics;
    private AutoCloseable observer;

    /** The read-model store under test (a fresh one per test). */
    protected abstract ReadModelStore store();

    /** The event store (a fresh one per test). */
    protected abstract EventStore events();

    /** Closes what the subclass opened. */
    protected void closeStores() {
    }

    @BeforeEach
    void startEngine() {
        store = store();
        engine = ProjectionEngine.builder(events())
                .config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(20)).withBatchSize(10))
                .register(Orders.orders(delayMillis, hold), store, ProjectionMode.PERSISTENT)
                .register(Orders.poisoned(fixed), store, ProjectionMode.PERSISTENT)
                .build();
        observer = engine.observeBatches(t -> {
            synchronized (observed) {
                observed.add(t);
            }
        });
        registry = new SimpleMeterRegistry();
        metrics = ReadModelMetrics.bind(engine, registry);
        engine.start();
    }

    @AfterEach
    void stopEngine() throws Exception {
        release();
        metrics.close();
        observer.close();
        engine.close();
        closeStores();
    }

    @Test
    void lagRisesWhileTheProjectionIsBehindAndFallsToZeroWhenItCatchesUp() throws Exception {
        hold.set(new CountDownLatch(1)); // the handler waits at its next event: the slowest projection there is
        long last = 0;
        for (int i = 0; i < 40; i++) {
            last = engine.append("order-" + i, ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.placed", new Orders.Placed("o" + i, i)))).lastPosition();
        }
        long appended = last;
        // held in its batch, the projection moves neither its checkpoint nor the head it saw
        eventually(() -> steady(engine.status("orders")), "the held projection's status is steady");
        ProjectionStatus status = engine.status("orders");
        double lag = gauge("readmodel.projection.lag.events", "orders");
        assertThat(lag).isPositive().isEqualTo((double) status.lagEvents());
        assertThat(gauge("readmodel.projection.checkpoint", "orders")).isEqualTo((double) status.checkpoint());
        assertThat(gauge("readmodel.projection.head", "orders")).isEqualTo((double) status.head());
        assertThat(registry.get("readmodel.projection.lag").tag("projection", "orders").timeGauge()
                .value(TimeUnit.SECONDS)).isEqualTo(seconds(status.lag()));

        delayMillis.set(1);
        release();
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
        // the snapshot of the lagging moment serves for up to a second; then the next one shows the catch-up
        eventually(() -> gauge("readmodel.projection.lag.events", "orders") == 0, "lag.events fell to 0");
        assertThat(registry.get("readmodel.projection.lag").tag("projection", "orders").timeGauge()
                .value(TimeUnit.SECONDS)).isZero();
        assertThat(gauge("readmodel.projection.checkpoint", "orders")).isEqualTo((double) appended);
        assertThat(counter("readmodel.projection.events.applied", "orders")).isEqualTo(40);
        assertThat(registry.get("readmodel.projection.state").tags("projection", "orders", "state", "live").gauge()
                .value()).isEqualTo(1);
        assertThat(registry.get("readmodel.projection.state").tags("projection", "orders", "state", "faulted").gauge()
                .value()).isZero();
    }

    @Test
    void batchMetersCountEveryObservedBatch() throws Exception {
        delayMillis.set(0);
        for (int i = 0; i < 95; i++) {
            engine.append("order-" + i, ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("order.placed", new Orders.Placed("o" + i, i))));
        }
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
        eventually(() -> observedOf("orders").stream().mapToInt(BatchTiming::events).sum() == 95, "every event observed");
        // the metrics' observer runs on the same thread as the test's, right before or after it
        eventually(() -> registry.get("readmodel.projection.batches").tag("projection", "orders").counter().count()
                == observedOf("orders").size(), "the batch counter caught up with the observed batches");
        List<BatchTiming> batches = observedOf("orders");
        assertThat(batches.size()).isGreaterThanOrEqualTo(10); // batches of at most 10 events
        Timer apply = registry.get("readmodel.projection.batch.apply").tag("projection", "orders").timer();
        Timer commit = registry.get("readmodel.projection.batch.commit").tag("projection", "orders").timer();
        assertThat(apply.count()).isEqualTo(batches.size());
        assertThat(commit.count()).isEqualTo(batches.size());
        assertThat(apply.totalTime(TimeUnit.NANOSECONDS))
                .isEqualTo(batches.stream().mapToDouble(b -> b.apply().toNanos()).sum());
        assertThat(commit.totalTime(TimeUnit.NANOSECONDS))
                .isEqualTo(batches.stream().mapToDouble(b -> b.commit().toNanos()).sum());
        assertThat(registry.get("readmodel.projection.documents.written").tag("projection", "orders").counter().count())
                .isEqualTo(batches.stream().mapToInt(BatchTiming::writes).sum()).isEqualTo(95);
    }

    @Test
    void theFaultCounterCountsEachTimeTheProjectionFaults() throws Exception {
        assertThat(counter("readmodel.projection.faults", "poisoned")).isZero();
        engine.append("poison-1", ExpectedVersion.NO_STREAM, List.of(NewEvent.of("poison", new Orders.Poison("p1"))));
        eventually(() -> engine.status("poisoned").state() == ProjectionState.FAULTED, "the projection faulted");
        eventually(() -> counter("readmodel.projection.faults", "poisoned") == 1, "the fault was counted");
        assertThat(registry.get("readmodel.projection.state").tags("projection", "poisoned", "state", "faulted")
                .gauge().value()).isEqualTo(1);
        assertThat(counter("readmodel.projection.faults", "orders")).isZero();

        fixed.set(true);
        engine.restart("poisoned");
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
        eventually(() -> registry.get("readmodel.projection.state").tags("projection", "poisoned", "state", "live")
                .gauge().value() == 1, "the state gauge shows it live again");
        fixed.set(false);
        engine.append("poison-2", ExpectedVersion.NO_STREAM, List.of(NewEvent.of("poison", new Orders.Poison("p2"))));
        eventually(() -> counter("readmodel.projection.faults", "poisoned") == 2, "the second fault was counted");
        assertThat(counter("readmodel.projection.faults", "poisoned")).isEqualTo(2); // stays FAULTED: not counted again
    }

    @Test
    void everyMeterCarriesTheProjectionAndItsStore() {
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.getId().getName()).startsWith("readmodel.projection.");
            assertThat(m.getId().getTag("store")).isEqualTo(store.name());
            assertThat(m.getId().getTag("projection")).isIn("orders", "poisoned");
        });
        assertThat(registry.find("readmodel.projection.lag.events").gauges()).hasSize(2);
    }

    private void release() {
        CountDownLatch latch = hold.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Lagging, and the same after a pause: nothing moves while the handler is held. */
    private boolean steady(ProjectionStatus first) {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProjectionStatus second = engine.status("orders");
        return first.lagEvents() > 0 && first.head() == second.head() && first.checkpoint() == second.checkpoint();
    }

    double gauge(String name, String projection) {
        Gauge gauge = registry.get(name).tag("projection", projection).gauge();
        return gauge.value();
    }

    double counter(String name, String projection) {
        FunctionCounter counter = registry.get(name).tag("projection", projection).functionCounter();
        return counter.count();
    }

    private List<BatchTiming> observedOf(String projection) {
        synchronized (observed) {
            return observed.stream().filter(t -> t.projection().equals(projection)).toList();
        }
    }

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
