package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.internal.ReliabilitySummary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stops each store's server process while the engine runs and events keep being appended, then starts it
 * again: the projections show the fault and their retries in their status, resume by themselves, and end
 * equal to a clean replay with no event lost or applied twice. (The event store is PostgreSQL, so a
 * PostgreSQL outage also stops the appends until it is back.)
 */
class OutageDrillIT {
    private static final Duration OUTAGE = Duration.ofSeconds(4);

    static List<String> stores() {
        return Drill.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aStoppedServerShowsInStatusAndTheProjectionsResumeByThemselvesWhenItIsBack(String kind) throws Exception {
        Drill.Target target = Drill.Target.fresh(kind); // starts the server's container where Docker runs
        Servers.requireControl(kind);
        Random random = new Random(17L * kind.hashCode());
        EngineConfig config = EngineConfig.DEFAULT.withBatchSize(50).withPollInterval(Duration.ofMillis(20))
                .withRetryDelays(Duration.ofMillis(50), Duration.ofSeconds(1));
        try (PostgresEventStore events = target.events();
                ProjectionEngine engine = ProjectionEngine.builder(events).config(config)
                        .register(SampleOrders.projection(CrashWorker.PROJECTIONS.get(0)), target.store(), ProjectionMode.PERSISTENT)
                        .register(Tally.projection(CrashWorker.PROJECTIONS.get(1)), target.store(), ProjectionMode.PERSISTENT)
                        .build()) {
            SampleOrders.appendTo(events, SampleOrders.history(random, 100), "-0");
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();

            AtomicBoolean appending = new AtomicBoolean(true);
            AtomicInteger appended = new AtomicInteger();
            AtomicInteger failedAppends = new AtomicInteger();
            Thread appender = new Thread(() -> {
                for (int chunk = 1; appending.get(); chunk++) {
                    try {
                        SampleOrders.appendTo(events, SampleOrders.history(new Random(chunk), 3), "-a" + chunk);
                        appended.incrementAndGet();
                    } catch (ReadModelException e) {
                        failedAppends.incrementAndGet(); // the event store is down too (PostgreSQL outage)
                    }
                    sleep(100);
                }
            }, "outage-appender");
            appender.start();
            Thread.sleep(500);

            long stopped = System.nanoTime();
            Servers.stop(kind);
            long exited = System.nanoTime(); // the script returns once the server process has exited
            ProjectionStatus fault;
            ProjectionStatus during;
            long faultSeenMillis;
            int appendedDuring;
            long restarted;
            try {
                fault = anyProjection(engine, "a projection shows the fault", s -> s.retries() > 0 && s.lastError().isPresent());
                faultSeenMillis = (System.nanoTime() - exited) / 1_000_000;
                int appendedBefore = appended.get();
                Thread.sleep(OUTAGE.toMillis());
                during = anyProjection(engine, "a projection retries again", s -> s.retries() >= 2);
                appendedDuring = appended.get() - appendedBefore;
            } finally {
                restarted = System.nanoTime();
                Servers.start(kind); // whatever happened: the next tests need the server
            }
            long answering = System.nanoTime(); // the script returns once the server answers
            Thread.sleep(1_000);
            appending.set(false);
            appender.join(60_000);

            long head = events.head().position();
            for (String projection : CrashWorker.PROJECTIONS) {
                assertThat(engine.awaitCheckpoint(projection, head, Duration.ofMinutes(3)))
                        .as("%s reaches the head %s: %s", projection, head, engine.status(projection)).isTrue();
                ProjectionStatus resumed = engine.status(projection);
                assertThat(resumed.retries()).as("retries reset once batches commit again").isZero();
                assertThat(resumed.lastError()).as("the error clears once batches commit again").isEmpty();
            }
            long resumedMillis = (System.nanoTime() - answering) / 1_000_000;
            Tally.Count count = Drill.verify(target, events);
            String error = fault.lastError().orElseThrow().message();
            ReliabilitySummary.record("outage (server stopped)", kind, 1, 1, count.lost(), count.duplicated(),
                    String.format("server exited %d ms after the stop signal; fault in status %d ms after it exited"
                            + " (%s...), %d retries with backoff; the server answered %d ms after its start and the"
                            + " projections caught up %d ms later; %d orders appended during the outage, %d appends"
                            + " refused", (exited - stopped) / 1_000_000, faultSeenMillis,
                            error.substring(0, Math.min(70, error.length())), during.retries(),
                            (answering - restarted) / 1_000_000, resumedMillis, appendedDuring * 3, failedAppends.get()));
            assertThat(count).isEqualTo(new Tally.Count(0, 0));
        }
    }

    private static ProjectionStatus anyProjection(ProjectionEngine engine, String what, Predicate<ProjectionStatus> condition)
            throws Exception {
        return Drill.await(what, Duration.ofMinutes(1), () -> engine.status().stream().filter(condition).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
