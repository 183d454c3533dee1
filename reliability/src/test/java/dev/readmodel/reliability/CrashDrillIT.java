package dev.readmodel.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ReadModelRebuildingException;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.status.RebuildMarker;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.testkit.SampleOrders;
import dev.readmodel.testkit.internal.ChildJvm;
import dev.readmodel.testkit.internal.ReliabilitySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGKILL at random moments, per store: the engine runs as its own process ({@link CrashWorker}) over the
 * PostgreSQL event store and is killed while applying live batches, in a truncate rebuild or in a
 * zero-downtime rebuild (up to and during its swap), at least 20 times while it has work to do. After a
 * kill in a rebuild, a process that starts then sees it in the status before running anything: a
 * truncate rebuild as partial (its queries refused when asked), a zero-downtime one as interrupted with
 * the previous read models answering; the next worker resumes the truncate rebuild. After a last run
 * catches up, no read model is partial, every one equals one clean replay and the tally counts every
 * event once.
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
        Map<String, Integer> markersChecked = new TreeMap<>();
        Map<String, Optional<RebuildMarker>> markers = new HashMap<>();
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
                List<String> lines = Files.readAllLines(phase);
                String at = lines.isEmpty() ? "" : lines.get(0);
                if (alive && !at.equals("caught up") && !at.equals("starting")) {
                    kills++;
                    killsByPhase.merge(at, 1, Integer::sum);
                    String replaying = lines.size() > 1 ? lines.get(1).substring("replaying ".length()) : null;
                    checkMarkers(events, store, at, replaying, markers, markersChecked);
                }
                markers = markers(events, store);
            }
            Process last = ChildJvm.launch(CrashWorker.class, target.workerArgs("live", 50, phase), log);
            assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(last.exitValue()).as("the last run catches up; log in %s", log).isZero();

            Tally.Count count = Drill.verify(target, events);
            ReliabilitySummary.record("crash (kill -9)", kind, kills, kills, count.lost(), count.duplicated(),
                    "kills by phase " + killsByPhase + ", markers checked " + markersChecked + ", "
                            + events.head().position() + " events");
            assertThat(count).isEqualTo(new Tally.Count(0, 0));
            assertThat(killsByPhase).containsKeys("live batches", "truncate rebuild", "zero-downtime rebuild");
            assertThat(markersChecked).containsKey("truncate: partial");
            markers(events, store).forEach((projection, marker) -> assertThat(marker.filter(RebuildMarker::partial))
                    .as("projection %s after the last run", projection).isEmpty());
        }
    }

    /** The engine a process that starts now builds, not started: what it shows before running anything. */
    private static ProjectionEngine inspector(PostgresEventStore events, ReadModelStore store) {
        return ProjectionEngine.builder(events)
                .register(dev.readmodel.testkit.SampleOrders.projection(CrashWorker.PROJECTIONS.get(0)), store,
                        ProjectionMode.PERSISTENT)
                .register(Tally.projection(CrashWorker.PROJECTIONS.get(1)), store, ProjectionMode.PERSISTENT)
                .refusePartialQueries().build();
    }

    private static Map<String, Optional<RebuildMarker>> markers(PostgresEventStore events, ReadModelStore store) {
        Map<String, Optional<RebuildMarker>> markers = new HashMap<>();
        try (ProjectionEngine engine = inspector(events, store)) {
            engine.status().forEach(status -> markers.put(status.projection(), status.rebuild()));
        }
        return markers;
    }

    /**
     * After a kill in {@code at}, every projection's marker is truthful: one this run wrote is of the kind
     * it was rebuilding (a zero-downtime rebuild over an unfinished truncate one keeps the truncate
     * marker), any other is of the kind it had before; and queries on its read model are refused while it is
     * partial, answered by the previous read model during a zero-downtime rebuild. A projection that was
     * {@code replaying} has a marker, unless it finished just before the kill.
     */
    private static void checkMarkers(PostgresEventStore events, ReadModelStore store, String at, String replaying,
            Map<String, Optional<RebuildMarker>> before, Map<String, Integer> checked) {
        try (ProjectionEngine engine = inspector(events, store)) {
            for (String projection : CrashWorker.PROJECTIONS) {
                Optional<RebuildMarker> marker = engine.status(projection).rebuild();
                Optional<RebuildMarker> previous = before.getOrDefault(projection, Optional.empty());
                if (projection.equals(replaying) && marker.isEmpty()) {
                    checked.merge("finished before the kill", 1, Integer::sum);
                }
                if (marker.isEmpty()) {
                    continue;
                }
                RebuildMarker.Kind kind = marker.get().kind();
                boolean truncateBefore = previous.map(RebuildMarker::partial).orElse(false);
                boolean keptKind = previous.map(p -> p.kind() == kind).orElse(false);
                RebuildMarker.Kind written = switch (at) {
                    case "truncate rebuild" -> RebuildMarker.Kind.TRUNCATE;
                    case "zero-downtime rebuild" -> truncateBefore ? RebuildMarker.Kind.TRUNCATE : RebuildMarker.Kind.ZERO_DOWNTIME;
                    default -> null; // a live run writes none; a resume that truncates again writes a truncate one
                };
                assertThat(kind == written || keptKind)
                        .as("%s after a kill in %s: marker %s, before %s", projection, at, marker.get(), previous).isTrue();
                if (projection.equals(replaying)) {
                    assertThat(kind).as("%s killed while replaying in a %s", projection, at).isEqualTo(written);
                }
                assertThat(marker.get().running()).isFalse();
                assertThat(marker.get().position()).isLessThanOrEqualTo(marker.get().target());
                assertThat(marker.get().target()).isLessThanOrEqualTo(events.head().position());
                String model = engine.projections().stream().filter(p -> p.name().equals(projection)).findFirst()
                        .orElseThrow().readModels().get(0).name();
                assertThat(engine.isPartial(model)).isEqualTo(marker.get().partial());
                if (marker.get().partial()) {
                    assertThatThrownBy(() -> engine.query(model, Query.all()))
                            .isInstanceOf(ReadModelRebuildingException.class)
                            .hasMessageContaining("[" + projection + "]").hasMessageContaining("truncate rebuild interrupted");
                    checked.merge("truncate: partial", 1, Integer::sum);
                } else {
                    if (engine.status(projection).checkpoint() > 0) { // else it never had a live read model
                        engine.query(model, Query.all()); // answered by the previous read model
                    }
                    checked.merge("zero-downtime: previous serves", 1, Integer::sum);
                }
            }
        }
    }
}
