package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: random histories, applied with random batch sizes and cache sizes and interrupted by
 * random crashes at any point of a commit, end in exactly the read model of one clean replay.
 */
class CrashRecoveryTest {

    static List<Object[]> seeds() {
        Random seeds = new Random(20261122);
        return java.util.stream.IntStream.range(0, 24)
                .mapToObj(i -> new Object[] {seeds.nextLong(), i % 2 == 0})
                .toList();
    }

    @ParameterizedTest(name = "seed {0}, idempotent store {1}")
    @MethodSource("seeds")
    void crashesAtRandomPointsEndInTheStateOfOneCleanReplay(long seed, boolean idempotent) throws Exception {
        Random random = new Random(seed);
        InMemoryEventStore events = new InMemoryEventStore();
        for (TestDomain.Append append : TestDomain.randomHistory(random, 40 + random.nextInt(80))) {
            events.append(append.stream(), ExpectedVersion.ANY, List.of(append.event()));
        }
        Map<String, List<Document>> expected = TestDomain.cleanReplay(events);

        InMemoryReadModelStore memory = new InMemoryReadModelStore();
        CrashingStore crashing = new CrashingStore(memory, random, 0.15, idempotent);
        int restarts = 0;
        while (true) {
            EngineConfig config = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5))
                    .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(2))
                    .withBatchSize(1 + random.nextInt(40))
                    .withDocumentCacheSize(random.nextBoolean() ? 0 : 1 + random.nextInt(50));
            try (ProjectionEngine engine = ProjectionEngine.builder(events).config(config)
                    .register(TestDomain.orders(), crashing, ProjectionMode.PERSISTENT).build()) {
                engine.start();
                ProjectionStatus status = awaitCaughtUpOrCrashed(engine, events.size());
                if (status.state() != ProjectionState.FAULTED) {
                    break;
                }
                assertThat(status.lastError().orElseThrow().message()).contains("simulated crash");
            }
            restarts++;
            assertThat(restarts).as("the engine keeps making progress").isLessThan(2_000);
        }
        assertThat(crashing.crashes).as("crashes were injected").isGreaterThan(0);
        assertThat(TestDomain.contents(memory)).isEqualTo(expected);
        assertThat(memory.checkpoint("orders")).isEqualTo(events.size());
    }


    private static ProjectionStatus awaitCaughtUpOrCrashed(ProjectionEngine engine, long head) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            ProjectionStatus status = engine.status("orders");
            if (status.state() == ProjectionState.FAULTED || status.checkpoint() >= head) {
                return status;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("Neither caught up nor crashed: " + engine.status("orders"));
    }
}
