package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.internal.ChildJvm;
import dev.readmodel.testkit.internal.ReliabilitySummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two engine processes run the same projections against the same stores under a PostgreSQL advisory-lock
 * lease: the one holding the lease applies, the other waits in STANDBY and applies nothing; when the
 * holder is killed with SIGKILL mid-work, the other takes over and catches up. Repeated with a fresh
 * standby each round; at the end the read models equal a clean replay and no event is lost or applied twice.
 */
class LeaseTakeoverIT {
    private static final int TAKEOVERS = Integer.getInteger("readmodel.reliability.takeovers", 3);

    static java.util.List<String> stores() {
        return Drill.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void onlyTheHolderAppliesAndAnotherInstanceTakesOverWhenItIsKilled(String kind) throws Exception {
        Drill.Target target = Drill.Target.fresh(kind);
        Random random = new Random(31L * kind.hashCode());
        Path log = Files.createTempFile("lease-" + kind, ".log");
        int killedMidWork = 0;
        try (PostgresEventStore events = target.events()) {
            SampleOrders.appendTo(events, SampleOrders.history(random, 300), "-0");
            // small batches keep the holder busy long enough to be killed mid-work; each Elasticsearch batch
            // costs three HTTP requests (load, bulk, checkpoint), so batches there are larger
            int batch = kind.equals("elastic") ? 50 : 10;
            Worker holder = Worker.start(target, log, batch + random.nextInt(2 * batch));
            holder.await("applies", status -> status.applied() > 0, Duration.ofMinutes(1));
            for (int round = 1; round <= TAKEOVERS; round++) {
                Worker standby = Worker.start(target, log, batch + random.nextInt(2 * batch));
                standby.await("waits in STANDBY", status -> status.allIn("STANDBY"), Duration.ofMinutes(1));
                long before = events.head().position();
                SampleOrders.appendTo(events, SampleOrders.history(random, 300), "-" + round);
                long head = events.head().position();
                holder.await("starts on the new events", status -> status.maxCheckpoint() > before, Duration.ofMinutes(1));
                long standbyApplied = standby.status().applied();
                if (holder.status().minCheckpoint() < head) {
                    killedMidWork++;
                }
                holder.kill();
                assertThat(standbyApplied).as("the standby applied nothing while the holder lived").isZero();
                standby.await("takes over and catches up", status -> status.allIn("LIVE") && status.minCheckpoint() == head,
                        Duration.ofMinutes(2));
                holder = standby;
            }
            holder.kill();
            Tally.Count count = Drill.verify(target, events);
            ReliabilitySummary.record("two instances (lease)", kind, TAKEOVERS, TAKEOVERS, count.lost(), count.duplicated(),
                    "holder killed " + TAKEOVERS + " times (" + killedMidWork + " mid-work), standby applied 0 while it lived, "
                    + events.head().position() + " events");
            assertThat(count).isEqualTo(new Tally.Count(0, 0));
            assertThat(killedMidWork).as("kills that land while the holder has work").isPositive();
        }
    }

    /** A {@link CrashWorker} in lease mode and the status it reports. */
    private record Worker(Process process, Path phase) {
        static Worker start(Drill.Target target, Path log, int batchSize) throws IOException {
            Path phase = Files.createTempFile("lease-" + target.kind(), ".status");
            Files.delete(phase);
            return new Worker(ChildJvm.launch(CrashWorker.class, target.workerArgs("lease", batchSize, phase), log), phase);
        }

        /** Per projection: state, checkpoint, events applied. */
        record Status(Map<String, String[]> projections) {
            long applied() {
                return projections.values().stream().mapToLong(p -> Long.parseLong(p[2])).sum();
            }

            long maxCheckpoint() {
                return projections.values().stream().mapToLong(p -> Long.parseLong(p[1])).max().orElse(-1);
            }

            long minCheckpoint() {
                return projections.values().stream().mapToLong(p -> Long.parseLong(p[1])).min().orElse(-1);
            }

            @Override
            public String toString() {
                return projections.entrySet().stream().map(e -> e.getKey() + "=" + String.join(" ", e.getValue())).toList()
                        .toString();
            }

            boolean allIn(String state) {
                return projections.size() == CrashWorker.PROJECTIONS.size()
                        && projections.values().stream().allMatch(p -> p[0].equals(state));
            }
        }

        Status status() throws IOException {
            Map<String, String[]> projections = new HashMap<>();
            try {
                for (String line : Files.readAllLines(phase)) {
                    String[] fields = line.split(" ");
                    projections.put(fields[0], new String[] {fields[1], fields[2], fields[3]});
                }
            } catch (NoSuchFileException notYet) {
                // not started yet
            }
            return new Status(projections);
        }

        void await(String what, Predicate<Status> condition, Duration timeout) throws Exception {
            Drill.await("the worker " + what, timeout, () -> {
                assertThat(process.isAlive()).as("worker alive while waiting until it %s", what).isTrue();
                return status();
            }, condition);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
