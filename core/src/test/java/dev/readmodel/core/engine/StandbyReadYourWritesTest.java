package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionState;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Read-your-writes on an instance without the projection's lease: another instance commits, the store tells. */
class StandbyReadYourWritesTest {
    @Test
    void aStandbyInstanceSeesTheHoldersCommits() throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        InMemoryProjectionLock lock = new InMemoryProjectionLock();
        EngineConfig fast = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(5));
        ProjectionEngine holder = ProjectionEngine.builder(events).config(fast).lock(lock)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build();
        ProjectionEngine standby = ProjectionEngine.builder(events).config(fast).lock(lock)
                .register(TestDomain.orders(), store, ProjectionMode.PERSISTENT).build();
        try {
            holder.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            // the holder takes the lease first, so that the standby is the one left without it
            while (holder.status("orders").state() != ProjectionState.LIVE && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            standby.start();
            while (standby.status("orders").state() != ProjectionState.STANDBY && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long position = 0;
            for (TestDomain.Append append : TestDomain.randomHistory(new Random(1), 5)) {
                position = events.append(append.stream() + "-" + events.size(), ExpectedVersion.ANY,
                        List.of(append.event())).lastPosition();
            }
            assertThat(holder.awaitPosition("orders", position, Duration.ofSeconds(5))).isTrue();
            assertThat(standby.status("orders").state()).isEqualTo(ProjectionState.STANDBY);
            // the standby applies nothing: its wait reads the checkpoint the holder committed to the shared store
            assertThat(standby.awaitPosition("orders", position, Duration.ofSeconds(2)))
                    .as("standby checkpoint " + standby.status("orders").checkpoint() + " for position " + position)
                    .isTrue();
            assertThat(standby.awaitPosition("orders", position + 1, Duration.ofMillis(100)))
                    .as("a position nobody committed yet").isFalse();
        } finally {
            holder.close();
            standby.close();
        }
    }
}
