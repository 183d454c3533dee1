package dev.readmodel.server;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.health.HealthConfig;
import dev.readmodel.core.query.Query;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How a {@link QueryServer} listens and what it allows. Immutable; checked when built, with messages that
 * carry the bad value and the allowed range. Build with {@link #builder()}.
 *
 * <p>Safe by default: operations are off unless an operations token is set; reads are open unless a
 * read token is set; no read model is served until the builder is told which ({@link Builder#serve} or,
 * explicitly, {@link Builder#serveAll()}): building without that choice is a {@link ConfigurationException}.
 * CORS is off (no origin allowed) unless origins are named. Metrics are served at {@code <base>/metrics} with the
 * scope of reads (open, or behind the read token); they name every projection of the engine, served or not.
 *
 * @param host the address to listen on; {@code 127.0.0.1} unless set
 * @param port the port; {@code 0} picks a free one (see {@link QueryServer#port()})
 * @param basePath the path every endpoint is under: empty, or {@code /} followed by segments, no trailing {@code /}
 * @param readToken the bearer token reads need; empty for open reads
 * @param operationsToken the bearer token operations need; empty turns operations off
 * @param readModels the read models served; empty when {@code serveAll}
 * @param serveAll whether every read model the engine has is served
 * @param maxLimit the largest {@code limit} accepted, 1 to {@link Query#MAX_LIMIT}
 * @param maxOffset the largest {@code offset} accepted, 0 to {@link Query#MAX_OFFSET}
 * @param maxRequestBytes the largest request body accepted, 1 to 16 MiB
 * @param maxQueryLength the longest query string accepted, in characters as sent (encoded), 256 to 1 MiB
 * @param maxConcurrentRequests requests served at once; more are answered 503 with {@code Retry-After}; 1 to 10,000
 * @param corsOrigins origins allowed to call from a browser ({@code *} for any); empty for no CORS
 * @param historyStreams for each read model that declares it, how a document id names the event stream
 *     that feeds the document, for {@code ?include=history}
 * @param health what {@code <base>/health}, {@code /health/live} and {@code /health/ready} count as ready and as
 *     stalled; {@link HealthConfig#DEFAULT} unless set
 * @param metrics whether {@code <base>/metrics} serves the engine's meters for Prometheus (read scope); on unless
 *     turned off
 * @param meterRegistry the application's registry to bind the engine's meters to and serve, meters of its own
 *     included; empty for one of the server's own
 * @param maxConsistencyWait how long a read with a minimum position ({@code Readmodel-Min-Position} or
 *     {@code minPosition}) waits by default, and the largest {@code maxWait} it may ask; 0 to 60 s
 * @param maxLiveQueries live queries open at once; more are answered 503 with {@code Retry-After}; 1 to 10,000
 * @param maxLiveResult the most documents a live query may match when it starts; 1 to 5,000
 * @param feed the change feeds' window, bounds and intervals ({@link FeedConfig#DEFAULT} unless set)
 */
public record QueryServerConfig(String host, int port, String basePath, Optional<String> readToken,
        Optional<String> operationsToken, Set<String> readModels, boolean serveAll, int maxLimit, int maxOffset,
        int maxRequestBytes, int maxQueryLength, int maxConcurrentRequests, List<String> corsOrigins,
        Map<String, Function<String, String>> historyStreams, HealthConfig health, boolean metrics,
        Optional<PrometheusMeterRegistry> meterRegistry, Duration maxConsistencyWait, int maxLiveQueries,
        int maxLiveResult, FeedConfig feed) {

    /** Default largest limit. */
    public static final int DEFAULT_MAX_LIMIT = 1_000;
    /** Default largest offset. */
    public static final int DEFAULT_MAX_OFFSET = 10_000;
    /** Default largest request body: 64 KiB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
    /** Default longest query string: 8 KiB. */
    public static final int DEFAULT_MAX_QUERY_LENGTH = 8 * 1024;
    /** Default requests at once. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
    /** Default wait for a minimum position: 5 s. */
    public static final Duration DEFAULT_MAX_CONSISTENCY_WAIT = Duration.ofSeconds(5);
    /** Default live queries at once. */
    public static final int DEFAULT_MAX_LIVE_QUERIES = 64;
    /** Default most documents a live query may match when it starts. */
    public static final int DEFAULT_MAX_LIVE_RESULT = 1_000;

    /**
     * Checks every setting.
     *
     * @throws ConfigurationException naming the setting, the bad value and what is allowed
     */
    public QueryServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new ConfigurationException("Invalid port [" + port + "]: expected 0 (any free port) to 65535");
        }
        basePath = basePath == null ? "" : basePath;
        if (!basePath.isEmpty() && !basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new ConfigurationException("Invalid base path [" + basePath
                    + "]: expected empty or /segment[/segment...] of letters, digits, '.', '_', '~', '-', no trailing '/'");
        }
        readToken = requireToken(readToken, "read token");
        operationsToken = requireToken(operationsToken, "operations token");
        readModels = Set.copyOf(new LinkedHashSet<>(readModels));
        if (!serveAll && readModels.isEmpty()) {
            throw new ConfigurationException("No read model is served: name the read models to serve with serve(...),"
                    + " or call serveAll() to serve every read model of the engine");
        }
        if (serveAll && !readModels.isEmpty()) {
            throw new ConfigurationException("Both serveAll() and serve(" + readModels + ") were given: choose one");
        }
        requireRange("maxLimit", maxLimit, 1, Query.MAX_LIMIT);
        requireRange("maxOffset", maxOffset, 0, Query.MAX_OFFSET);
        requireRange("maxRequestBytes", maxRequestBytes, 1, 16 * 1024 * 1024);
        requireRange("maxQueryLength", maxQueryLength, 256, 1024 * 1024);
        requireRange("maxConcurrentRequests", maxConcurrentRequests, 1, 10_000);
        corsOrigins = List.copyOf(corsOrigins);
        for (String origin : corsOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new ConfigurationException("Invalid CORS origin [" + origin
                        + "]: expected * or scheme://host[:port], such as https://app.example.com");
            }
        }
        historyStreams = Map.copyOf(historyStreams);
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        if (!metrics && meterRegistry.isPresent()) {
            throw new ConfigurationException("A meter registry was given but metrics are off: drop metrics(false)"
                    + " to serve it at /metrics, or drop meterRegistry(...)");
        }
        Objects.requireNonNull(maxConsistencyWait, "maxConsistencyWait");
        if (maxConsistencyWait.isNegative() || maxConsistencyWait.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ConfigurationException("Invalid maxConsistencyWait [" + maxConsistencyWait.toMillis()
                    + " ms]: expected 0 to 60000 ms");
        }
        requireRange("maxLiveQueries", maxLiveQueries, 1, 10_000);
        requireRange("maxLiveResult", maxLiveResult, 1, 5_000);
        Objects.requireNonNull(feed, "feed");
    }

    private static Optional<String> requireToken(Optional<String> token, String what) {
        Objects.requireNonNull(token, what);
        token.ifPresent(t -> {
            if (t.length() < 16 || !t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new ConfigurationException("Invalid " + what + " of " + t.length()
                        + " characters: expected at least 16 visible ASCII characters");
            }
        });
        return token;
    }

    private static void requireRange(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigurationException("Invalid " + setting + " [" + value + "]: expected " + min + " to " + max);
        }
    }

    /** Whether {@code readModel} is served (it must still exist in the engine). */
    public boolean serves(String readModel) {
        return serveAll || readModels.contains(readModel);
    }

    /** Starts a configuration: 127.0.0.1, any free port, no base path, no tokens, the default bounds. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; not thread-safe. Every setter is checked when {@link #build()} runs. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String basePath = "";
        private String readToken;
        private String operationsToken;
        private final Set<String> readModels = new LinkedHashSet<>();
        private boolean serveAll;
        private int maxLimit = DEFAULT_MAX_LIMIT;
        private int maxOffset = DEFAULT_MAX_OFFSET;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int maxQueryLength = DEFAULT_MAX_QUERY_LENGTH;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private final List<String> corsOrigins = new ArrayList<>();
        private final Map<String, Function<String, String>> historyStreams = new LinkedHashMap<>();
        private HealthConfig health = HealthConfig.DEFAULT;
        private boolean metrics = true;
        private PrometheusMeterRegistry meterRegistry;
        private Duration maxConsistencyWait = DEFAULT_MAX_CONSISTENCY_WAIT;
        private int maxLiveQueries = DEFAULT_MAX_LIVE_QUERIES;
        private int maxLiveResult = DEFAULT_MAX_LIVE_RESULT;
        private FeedConfig feed = FeedConfig.DEFAULT;

        private Builder() {
        }

        /** The address to listen on, such as {@code 0.0.0.0} for every interface. */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** The port; 0 for any free one. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** The path every endpoint is under, such as {@code /api}. */
        public Builder basePath(String value) {
            basePath = value;
            return this;
        }

        /** Reads need {@code Authorization: Bearer <token>} (the operations token is accepted too). */
        public Builder readToken(String token) {
            readToken = token;
            return this;
        }

        /** Turns operations on, behind {@code Authorization: Bearer <token>}. */
        public Builder operationsToken(String token) {
            operationsToken = token;
            return this;
        }

        /** Serves these read models (and no other). */
        public Builder serve(String... names) {
            readModels.addAll(List.of(names));
            return this;
        }

        /** Serves every read model the engine has: an explicit choice, never the default. */
        public Builder serveAll() {
            serveAll = true;
            return this;
        }

        /** The largest limit accepted. */
        public Builder maxLimit(int value) {
            maxLimit = value;
            return this;
        }

        /** The largest offset accepted. */
        public Builder maxOffset(int value) {
            maxOffset = value;
            return this;
        }

        /** The largest request body accepted, in bytes. */
        public Builder maxRequestBytes(int value) {
            maxRequestBytes = value;
            return this;
        }

        /** The longest query string accepted, in characters as sent. */
        public Builder maxQueryLength(int value) {
            maxQueryLength = value;
            return this;
        }

        /** Requests served at once; more get 503 with {@code Retry-After}. */
        public Builder maxConcurrentRequests(int value) {
            maxConcurrentRequests = value;
            return this;
        }

        /** Allows browsers on these origins to call the server ({@code *} for any). */
        public Builder corsOrigins(String... origins) {
            corsOrigins.addAll(List.of(origins));
            return this;
        }

        /**
         * Declares which event stream feeds each document of {@code readModel}, for a document's history:
         * {@code historyStream("order_summaries", id -> "order-" + id)}.
         */
        public Builder historyStream(String readModel, Function<String, String> streamOfId) {
            historyStreams.put(Objects.requireNonNull(readModel, "readModel"), Objects.requireNonNull(streamOfId, "streamOfId"));
            return this;
        }

        /** What the health endpoints count as ready and as stalled: lag bounds, stall and heartbeat timeouts. */
        public Builder health(HealthConfig value) {
            health = Objects.requireNonNull(value, "health");
            return this;
        }

        /** Whether {@code <base>/metrics} serves the engine's meters; on by default. */
        public Builder metrics(boolean value) {
            metrics = value;
            return this;
        }

        /**
         * Binds the engine's meters to the application's {@code registry}, for the server's lifetime, and serves
         * all of its meters at {@code <base>/metrics}; the application should not bind the engine's meters to it
         * itself. The server does not close it.
         */
        public Builder meterRegistry(PrometheusMeterRegistry registry) {
            meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** How long a read with a minimum position waits by default, and the most it may ask for. */
        public Builder maxConsistencyWait(Duration value) {
            maxConsistencyWait = value;
            return this;
        }

        /** Live queries open at once; more get 503 with {@code Retry-After}. */
        public Builder maxLiveQueries(int value) {
            maxLiveQueries = value;
            return this;
        }

        /** The most documents a live query may match when it starts; a broader one is refused. */
        public Builder maxLiveResult(int value) {
            maxLiveResult = value;
            return this;
        }

        /** Commit messages kept per read model for feed clients that resume; default 10,000. */
        public Builder feedWindow(int messages) {
            feed = new FeedConfig(messages, feed.maxConnections(), feed.maxConnectionsPerClient(), feed.queueSize(),
                    feed.keepAlive(), feed.statusInterval(), feed.windowBytes());
            return this;
        }

        /** The most the messages kept per read model for resuming clients may weigh, in bytes; default 32 MiB. */
        public Builder feedWindowBytes(long bytes) {
            feed = new FeedConfig(feed.window(), feed.maxConnections(), feed.maxConnectionsPerClient(), feed.queueSize(),
                    feed.keepAlive(), feed.statusInterval(), bytes);
            return this;
        }

        /** Live feed connections at once, in total (default 256) and per client address (default 16). */
        public Builder maxFeedConnections(int total, int perClient) {
            feed = new FeedConfig(feed.window(), total, perClient, feed.queueSize(), feed.keepAlive(), feed.statusInterval(), feed.windowBytes());
            return this;
        }

        /** Messages queued for one feed connection before it is reset and disconnected; default 1,024. */
        public Builder feedQueueSize(int messages) {
            feed = new FeedConfig(feed.window(), feed.maxConnections(), feed.maxConnectionsPerClient(), messages,
                    feed.keepAlive(), feed.statusInterval(), feed.windowBytes());
            return this;
        }

        /** How often idle feeds get a keep-alive (default 15 s) and the operations feed checks status (default 1 s). */
        public Builder feedIntervals(Duration keepAlive, Duration statusInterval) {
            feed = new FeedConfig(feed.window(), feed.maxConnections(), feed.maxConnectionsPerClient(), feed.queueSize(),
                    keepAlive, statusInterval, feed.windowBytes());
            return this;
        }

        /**
         * Checks and builds the configuration.
         *
         * @throws ConfigurationException naming the setting that does not fit
         */
        public QueryServerConfig build() {
            return new QueryServerConfig(host, port, basePath, Optional.ofNullable(readToken),
                    Optional.ofNullable(operationsToken), readModels, serveAll, maxLimit, maxOffset, maxRequestBytes,
                    maxQueryLength, maxConcurrentRequests, corsOrigins, historyStreams, health, metrics,
                    Optional.ofNullable(meterRegistry), maxConsistencyWait, maxLiveQueries, maxLiveResult, feed);
        }
    }
}
