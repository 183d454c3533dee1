package dev.readmodel.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.StateException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.ProjectionMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Binding and unbinding on Micrometer's simple registry. */
class ReadModelMetricsTest {
    private final ProjectionEngine engine = ProjectionEngine.builder(new InMemoryEventStore())
            .config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(10)))
            .register(Orders.orders(new AtomicLong(), new AtomicReference<>()), new InMemoryReadModelStore(),
                    ProjectionMode.PERSISTENT)
            .register(Orders.poisoned(new AtomicBoolean()), new InMemoryReadModelStore(), ProjectionMode.PERSISTENT)
            .build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void bindRegistersTheMetersOfEveryProjectionAndCloseRemovesThemAll() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReadModelMetrics metrics = ReadModelMetrics.bind(engine, registry);
        // per projection: 9 gauges of status figures, 8 state gauges, 4 function counters, 4 batch meters, and
        // the simple registry's 3 percentile gauges for each of the 2 timers
        assertThat(registry.getMeters()).hasSize(2 * (9 + 8 + 4 + 4 + 2 * 3));
        assertThat(registry.get("readmodel.projection.state").tag("projection", "orders").gauges())
                .hasSize(8);
        assertThat(registry.get("readmodel.projection.lag.events").tag("projection", "orders").gauge().getId()
                .getTag("store")).isEqualTo("memory");

        engine.start();
        append("o1");
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        Counter batches = registry.get("readmodel.projection.batches").tag("projection", "orders").counter();
        MetricsContract.eventually(() -> batches.count() == 1, "the batch was counted");

        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
        append("o2");
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        Thread.sleep(100); // an observer still registered would have been told by now
        assertThat(batches.count()).isEqualTo(1);
        metrics.close(); // twice is fine
    }

    @Test
    void oneBindingServesSeveralRegistriesAndCloseRemovesItFromEach() {
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        ReadModelMetrics metrics = new ReadModelMetrics(engine);
        metrics.bindTo(first);
        metrics.bindTo(second);
        assertThat(second.getMeters()).hasSameSizeAs(first.getMeters()).isNotEmpty();
        metrics.close();
        assertThat(first.getMeters()).isEmpty();
        assertThat(second.getMeters()).isEmpty();
        assertThatThrownBy(() -> metrics.bindTo(first)).isInstanceOf(StateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void countersStillReadAfterTheBindingIsNoLongerReferenced() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReadModelMetrics.bind(engine, registry); // not kept: the registry must keep what its meters read
        engine.start();
        append("o1");
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Thread.sleep(1_100); // past the snapshot's age
        assertThat(registry.get("readmodel.projection.events.applied").tag("projection", "orders").functionCounter()
                .count()).isEqualTo(1);
        assertThat(registry.get("readmodel.projection.checkpoint").tag("projection", "orders").gauge().value())
                .isEqualTo((double) engine.status("orders").checkpoint());
    }

    @Test
    void theConfigurationRejectsAgesOutOfRangeNamingTheSetting() {
        assertThatThrownBy(() -> ReadModelMetricsConfig.DEFAULT.withStatusMaxAge(Duration.ofMillis(-1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("statusMaxAge [PT-0.001S]");
        assertThatThrownBy(() -> ReadModelMetricsConfig.DEFAULT.withDeadLetterMaxAge(Duration.ofHours(1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("deadLetterMaxAge [PT1H]")
                .hasMessageContaining("PT10M");
        assertThat(ReadModelMetricsConfig.DEFAULT.withStatusMaxAge(Duration.ZERO).statusMaxAge()).isZero();
    }

    private void append(String id) {
        engine.append("order-" + id, ExpectedVersion.NO_STREAM,
                List.of(NewEvent.of("order.placed", new Orders.Placed(id, 1))));
    }
}
