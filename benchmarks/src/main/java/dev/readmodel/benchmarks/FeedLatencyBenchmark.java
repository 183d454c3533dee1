package dev.readmodel.benchmarks;

import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.Resumed;
import dev.readmodel.core.change.DocumentChange;
import dev.readmodel.core.change.Subscription;
import dev.readmodel.core.change.SubscriptionOptions;
import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamAppend;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.server.QueryServer;
import dev.readmodel.server.QueryServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Feed latency on PostgreSQL: events appended at 1,000 a second (one due every millisecond) to the
 * PostgreSQL event store, projected by a persistent projection with the default engine config (woken by
 * the store's LISTEN/NOTIFY, the 500 ms poll only a fallback); for every event, the time from its append
 * call's return (its commit) until the change it made reaches a subscriber: an SSE client on {@code GET
 * /read-models/meters/changes} through the query server, or a listener given to {@code engine.subscribe}
 * in process. Every event must arrive, each in the notice of the batch that applied it.
 */
final class FeedLatencyBenchmark {
    /** Where the changes are received. */
    enum Via {
        /** An SSE client of the query server's change feed, over loopback. */
        SSE,
        /** A {@code CommitListener} in process. */
        LISTENER
    }

    private static final String SCHEMA = "bench_feed";
    private static final String MODEL = "meters";
    private static final int METERS = 1_000;
    private static final long TICK_NANOS = 1_000_000; // one event due every millisecond
    private static final double TARGET_MS = 50;

    private final PostgresConfig config;
    private final Duration duration;
    private final int runs;
    private final Via via;
    private final PrintStream log;
    private final Arrivals arrivals = new Arrivals();
    /** Events appended so far, across the warm-up and the runs. */
    private long sequence;

    FeedLatencyBenchmark(PostgresConfig config, Duration duration, int runs, Via via, PrintStream log) {
        this.config = config.withSchema(SCHEMA).withMaxPoolSize(8);
        this.duration = duration;
        this.runs = runs;
        this.via = via;
        this.log = log;
    }

    List<Result> run() throws Exception {
        try (HikariDataSource dataSource = config.dataSource()) {
            Schemas.drop(dataSource, SCHEMA);
            try (PostgresEventStore events = new PostgresEventStore(dataSource, SCHEMA);
                    ProjectionEngine engine = ProjectionEngine.builder(events).config(EngineConfig.DEFAULT)
                            .register(Meters.projection("meters-feed", Meters.model(MODEL)),
                                    new PostgresReadModelStore(dataSource, SCHEMA), ProjectionMode.PERSISTENT).build()) {
                engine.start();
                return via == Via.SSE ? overSse(events, engine) : inProcess(events, engine);
            }
        }
    }

    private List<Result> inProcess(PostgresEventStore events, ProjectionEngine engine) throws Exception {
        try (Subscription subscription = engine.subscribe(notice -> {
            long now = System.nanoTime();
            if (notice instanceof Committed committed) {
                Map<String, Long> versions = new HashMap<>();
                for (DocumentChange change : committed.changes()) {
                    versions.put(change.id(), change.version());
                }
                arrivals.add(committed.position(), now, versions);
            } else if (!(notice instanceof Resumed)) { // Resumed: taken up at its stored checkpoint as the engine starts
                arrivals.unexpected(notice.toString());
            }
        }, SubscriptionOptions.readModels(MODEL).withBufferSize(100_000))) {
            List<Result> results = measure(events);
            log.printf(Locale.ROOT, "feed latency: the listener got %,d notices, %,d dropped%n", subscription.delivered(),
                    subscription.dropped());
            return results;
        }
    }

    private List<Result> overSse(PostgresEventStore events, ProjectionEngine engine) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (QueryServer server = QueryServer.start(engine, QueryServerConfig.builder().serve(MODEL).build())) {
            URI feed = URI.create(server.url() + "/read-models/" + MODEL + "/changes");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try (SseClient client = SseClient.open(http, feed, (event, id, data, received) -> {
                if (!event.equals("commit")) {
                    arrivals.unexpected("event: " + event + " data: " + data);
                    return;
                }
                try {
                    JsonNode commit = json.readTree(data);
                    Map<String, Long> versions = new HashMap<>();
                    for (JsonNode change : commit.path("changes")) {
                        versions.put(change.path("id").asText(), change.path("version").asLong());
                    }
                    arrivals.add(commit.path("position").asLong(), received, versions);
                } catch (IOException e) {
                    arrivals.unexpected("unreadable commit " + data + ": " + e);
                }
            })) {
                List<Result> results = measure(events);
                if (client.failure() != null) {
                    throw new IllegalStateException("the SSE client stopped: " + client.failure(), client.failure());
                }
                return results;
            }
        }
    }

    /** A warm-up of a few seconds, then the timed runs; every event checked, every run's latencies pooled. */
    private List<Result> measure(PostgresEventStore events) throws Exception {
        Arrivals.Appended warmUp = append(events, Duration.ofSeconds(3));
        log.printf(Locale.ROOT, "feed latency %s (warm-up): %s%n", via, arrivals.latencies(warmUp, Duration.ofSeconds(30), false));
        List<Double> all = new ArrayList<>();
        List<Double> allFromStart = new ArrayList<>();
        // the machine's load beside each run: on a shared 2-core machine it, not the feed, sets the tail
        double minLoad = Double.MAX_VALUE;
        double maxLoad = 0;
        for (int run = 1; run <= runs; run++) {
            Arrivals.Appended appended = append(events, duration);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            minLoad = Math.min(minLoad, load);
            maxLoad = Math.max(maxLoad, load);
            Arrivals.Latencies latencies = arrivals.latencies(appended, Duration.ofSeconds(30), false);
            Arrivals.Latencies fromStart = arrivals.latencies(appended, Duration.ZERO, true);
            log.printf(Locale.ROOT, "feed latency %s #%d: %s; from the call's start %s; load average %.1f%n", via, run,
                    latencies, fromStart.figure(), load);
            all.addAll(latencies.values());
            allFromStart.addAll(fromStart.values());
        }
        Arrivals.Latencies pooled = new Arrivals.Latencies(all, 0);
        Arrivals.Latencies pooledFromStart = new Arrivals.Latencies(allFromStart, 0);
        String scenario = via == Via.SSE ? "feed latency over SSE at 1000/s (postgres)"
                : "feed latency to a listener at 1000/s (postgres)";
        String receiver = via == Via.SSE ? "an SSE client (JDK HttpClient, loopback) on GET /read-models/meters/changes reads"
                : "a listener given to engine.subscribe gets";
        return List.of(new Result(scenario, all.size(), pooled.figure(),
                via == Via.SSE ? "commit to SSE client" : "commit to listener", Double.NaN,
                String.format(Locale.ROOT, "p99 <= %.0f ms", TARGET_MS), pooled.p99() <= TARGET_MS,
                String.format(Locale.ROOT, "%d run(s) of %d s after a 3 s warm-up: one event due every ms, appended one"
                        + " stream per meter (events found behind schedule go in one appendAll); persistent projection,"
                        + " EngineConfig.DEFAULT, woken by LISTEN/NOTIFY; latency from the append call's return until %s the"
                        + " batch's notice holding that event's change, for every event (from the call's start: %s); 1-minute"
                        + " load average %.1f to %.1f after the runs", runs, duration.toSeconds(), receiver,
                        pooledFromStart.figure(), minLoad, maxLoad)));
    }

    /** Appends at one event per millisecond for {@code length}. */
    private Arrivals.Appended append(PostgresEventStore events, Duration length) {
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        Arrivals.Appended appended = new Arrivals.Appended();
        long start = System.nanoTime();
        long due = length.toNanos() / TICK_NANOS;
        long sent = 0;
        while (sent < due) {
            long wait = start + sent * TICK_NANOS - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            // every event due by now, one stream append each, in one call: behind schedule, the rate holds
            long dueNow = Math.min(due, (System.nanoTime() - start) / TICK_NANOS + 1);
            List<StreamAppend> batch = new ArrayList<>();
            for (; sent < dueNow; sent++, sequence++) {
                String meter = "meter-" + (sequence % METERS);
                batch.add(new StreamAppend(meter, ExpectedVersion.ANY,
                        List.of(NewEvent.of("meter.read", new Meters.Reading(meter, sequence, at), at))));
            }
            long calling = System.nanoTime();
            List<AppendResult> results = events.appendAll(batch);
            long committed = System.nanoTime();
            List<Long> positions = new ArrayList<>();
            List<String> meters = new ArrayList<>();
            for (AppendResult result : results) {
                for (EventEnvelope event : result.events()) {
                    positions.add(event.position());
                    meters.add(result.streamId());
                }
            }
            appended.call(positions, meters, calling, committed);
        }
        log.printf(Locale.ROOT, "feed latency: appended %,d events in %.1f s in %,d calls%n", appended.size(),
                (System.nanoTime() - start) / 1e9, appended.calls());
        return appended;
    }
}
