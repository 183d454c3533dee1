package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.testkit.ChildJvm;
import dev.readmodel.testkit.ReliabilitySummary;
import dev.readmodel.testkit.SampleOrders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGKILL at random moments, per store: the engine runs as its own process ({@link CrashWorker}) over the
 * PostgreSQL event store and is killed while applying live batches, in a truncate rebuild or in a
 * zero-downtime rebuild (up to and during its swap), at least 20 times while it has work to do. After a
 * last run catches up, every read model equals one clean replay and the tally counts every event once.
 */
class CrashDrillIT {
    private static final int KILLS = Integer.getInteger("readmodel.reliability.kills", 20);

    static List<String> stores() {
        return Drill.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void killedAtRandomMomentsEveryStoreEndsEqualToACleanReplay(String kind) throws Exception {
        Drill.Target target = Drill.Target.fresh(kind);
        ReadModelStore store = target.store();
        Random random = new Random(kind.hashCode());
        Path log = Files.createTempFile("crash-" + kind, ".log");
        Path phase = Files.createTempFile("crash-" + kind, ".phase");
        Map<String, Integer> killsByPhase = new TreeMap<>();
        try (PostgresEventStore events = target.events()) {
            int chunk = 0;
            SampleOrders.appendTo(events, SampleOrders.history(random, 400), "-" + chunk++);
            int kills = 0;
            while (kills < KILLS) {
                String mode = switch (random.nextInt(4)) {
                    case 0 -> "truncate";
                    case 1 -> "swap";
                    default -> "live";
                };
                if (mode.equals("live") && store.checkpoint(CrashWorker.PROJECTIONS.get(0)) >= events.head().position()) {
                    SampleOrders.appendTo(events, SampleOrders.history(random, 400), "-" + chunk++);
                }
                Files.writeString(phase, "starting");
                Process worker = ChildJvm.launch(CrashWorker.class, target.workerArgs(mode, 5 + random.nextInt(60), phase), log);
                Thread.sleep(500 + random.nextInt(2_000));
                boolean alive = worker.isAlive();
                worker.destroyForcibly();
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String at = Files.readString(phase);
                if (alive && !at.equals("caught up") && !at.equals("starting")) {
                    kills++;
                    killsByPhase.merge(at, 1, Integer::sum);
                }
            }
            Process last = ChildJvm.launch(CrashWorker.class, target.workerArgs("live", 50, phase), log);
            assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(last.exitValue()).as("the last run catches up; log in %s", log).isZero();

            Tally.Count count = Drill.verify(target, events);
            ReliabilitySummary.record("crash (kill -9)", kind, kills, kills, count.lost(), count.duplicated(),
                    "kills by phase " + killsByPhase + ", " + events.head().position() + " events");
            assertThat(count).isEqualTo(new Tally.Count(0, 0));
            assertThat(killsByPhase).containsKeys("live batches", "truncate rebuild", "zero-downtime rebuild");
        }
    }
}
