package dev.readmodel.spring;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.health.HealthConfig;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ConfigChecks;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code readmodel.*} settings. Bound by Spring Boot; {@link #engineConfig()}, {@link #healthConfig()}
 * and {@link #checkProjections} check them at start-up and fail it with a {@link ConfigurationException}
 * that names the property and its value. Not thread-safe (bound once, then read).
 */
@ConfigurationProperties(prefix = "readmodel")
public class ReadModelProperties implements InitializingBean {
    /** Whether the starter builds and runs a projection engine at all. */
    private boolean enabled = true;
    /** The mode of every projection without a mode of its own under readmodel.projections. */
    private ProjectionMode defaultMode = ProjectionMode.PERSISTENT;
    private final Engine engine = new Engine();
    private final Postgres postgres = new Postgres();
    private final Lock lock = new Lock();
    private final Health health = new Health();
    private final ClickHouse clickhouse = new ClickHouse();
    private final Elastic elastic = new Elastic();
    /** Per projection, by its name: mode, store and failure policy. */
    private Map<String, ProjectionSettings> projections = new LinkedHashMap<>();

    /** Where a projection writes its read models. */
    public enum StoreKind {
        /** PostgreSQL, from the application's DataSource; can run INLINE. */
        POSTGRES,
        /** ClickHouse, from readmodel.clickhouse.*; never INLINE. */
        CLICKHOUSE,
        /** Elasticsearch, from readmodel.elastic.*; never INLINE. */
        ELASTIC
    }

    /** What a projection does with an event its handler keeps failing on; see {@link FailurePolicy}. */
    public enum OnFailure {
        /** Stop at the event, faulted, until restarted ({@link FailurePolicy#fail}). */
        FAIL,
        /** Park the event as a dead letter and go on ({@link FailurePolicy#deadLetter}). */
        DEAD_LETTER
    }

    /**
     * Checks every setting once bound, before any store is built, so that a bad value fails start-up first.
     *
     * @throws ConfigurationException naming the first bad property and its value
     */
    @Override
    public void afterPropertiesSet() {
        engineConfig();
        healthConfig();
        checked("readmodel.postgres.schema", postgres.schema,
                () -> ConfigChecks.identifier("PostgreSQL", "schema", postgres.schema, " such as public"));
        projections.forEach((name, own) -> failurePolicy(name, FailurePolicy.DEFAULT));
        if (defaultMode == null) {
            throw new ConfigurationException("Invalid readmodel.default-mode [null]: expected one of "
                    + List.of(ProjectionMode.values()));
        }
    }

    /**
     * The engine settings as one validated value.
     *
     * @throws ConfigurationException naming the first property out of range, such as
     *     {@code readmodel.engine.batch-size [0]}
     */
    public EngineConfig engineConfig() {
        EngineConfig c = EngineConfig.DEFAULT;
        c = checked("readmodel.engine.batch-size", engine.batchSize, c::withBatchSize);
        c = checked("readmodel.engine.rebuild-batch-size", engine.rebuildBatchSize, c::withRebuildBatchSize);
        c = checked("readmodel.engine.poll-interval", engine.pollInterval, c::withPollInterval);
        EngineConfig base = c;
        c = checked("readmodel.engine.retry-initial-delay / retry-max-delay",
                engine.retryInitialDelay + " / " + engine.retryMaxDelay,
                () -> base.withRetryDelays(engine.retryInitialDelay, engine.retryMaxDelay));
        c = checked("readmodel.engine.document-cache-size", engine.documentCacheSize, c::withDocumentCacheSize);
        c = checked("readmodel.engine.query-cache-size", engine.queryCacheSize, c::withQueryCacheSize);
        EngineConfig last = c;
        return checked("readmodel.engine.stop-timeout", engine.stopTimeout,
                () -> new EngineConfig(last.batchSize(), last.rebuildBatchSize(), last.pollInterval(),
                        last.retryInitialDelay(), last.retryMaxDelay(), last.documentCacheSize(), engine.stopTimeout,
                        last.queryCacheSize()));
    }

    /**
     * The health settings as one validated value.
     *
     * @throws ConfigurationException naming the property out of range
     */
    public HealthConfig healthConfig() {
        HealthConfig c = HealthConfig.DEFAULT;
        if (health.maxLag != null) {
            HealthConfig base = c;
            c = checked("readmodel.health.max-lag", health.maxLag, () -> base.withMaxLag(health.maxLag));
        }
        if (health.maxLagTime != null) {
            HealthConfig base = c;
            c = checked("readmodel.health.max-lag-time", health.maxLagTime, () -> base.withMaxLagTime(health.maxLagTime));
        }
        if (health.stallAfter != null) {
            HealthConfig base = c;
            c = checked("readmodel.health.stall-after", health.stallAfter, () -> base.withStallAfter(health.stallAfter));
        }
        if (health.heartbeatTimeout != null) {
            HealthConfig base = c;
            c = checked("readmodel.health.heartbeat-timeout", health.heartbeatTimeout,
                    () -> base.withHeartbeatTimeout(health.heartbeatTimeout));
        }
        return c;
    }

    /**
     * Checks that every entry under {@code readmodel.projections} names a projection bean.
     *
     * @throws ConfigurationException naming the entry and the projections there are
     */
    public void checkProjections(Collection<String> names) {
        for (String configured : projections.keySet()) {
            if (!names.contains(configured)) {
                throw new ConfigurationException("Invalid readmodel.projections.[" + configured
                        + "]: no Projection bean has that name; the projections are " + names);
            }
        }
    }

    /** The mode of projection {@code name}: its own, or {@link #getDefaultMode()}. */
    public ProjectionMode mode(String name) {
        ProjectionSettings own = projections.get(name);
        return own == null || own.mode == null ? defaultMode : own.mode;
    }

    /**
     * The failure policy of projection {@code name}: {@code declared} (the projection's own) with the kind
     * and retries its {@code on-failure} and {@code retries} settings give, where set.
     *
     * @throws ConfigurationException naming {@code readmodel.projections.<name>.retries} when out of range
     */
    public FailurePolicy failurePolicy(String name, FailurePolicy declared) {
        ProjectionSettings own = projections.get(name);
        if (own == null || (own.onFailure == null && own.retries == null)) {
            return declared;
        }
        int retries = own.retries == null ? declared.retries() : own.retries;
        boolean deadLetter = own.onFailure == null ? declared instanceof FailurePolicy.DeadLetter
                : own.onFailure == OnFailure.DEAD_LETTER;
        return checked("readmodel.projections." + name + ".retries", retries,
                () -> deadLetter ? FailurePolicy.deadLetter(retries) : FailurePolicy.fail(retries));
    }

    /** The store of projection {@code name}: its own, or PostgreSQL. */
    public StoreKind store(String name) {
        ProjectionSettings own = projections.get(name);
        return own == null || own.store == null ? StoreKind.POSTGRES : own.store;
    }

    private static <V, T> T checked(String property, V value, Function<V, T> with) {
        return checked(property, value, () -> with.apply(value));
    }

    private static <T> T checked(String property, Object value, Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigurationException | NullPointerException e) {
            // "Invalid batchSize [0]: expected 1 to 100000" becomes "Invalid readmodel.engine.batch-size [0]: expected ..."
            String reason = String.valueOf(e.getMessage());
            int named = reason.startsWith("Invalid ") ? reason.indexOf("]: ") : -1;
            throw new ConfigurationException("Invalid " + property + " [" + value + "]: "
                    + (named < 0 ? reason : reason.substring(named + 3)), e);
        }
    }

    /** @return whether the starter runs an engine */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the starter runs an engine */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the mode of projections without their own */
    public ProjectionMode getDefaultMode() {
        return defaultMode;
    }

    /** @param defaultMode the mode of projections without their own */
    public void setDefaultMode(ProjectionMode defaultMode) {
        this.defaultMode = defaultMode;
    }

    /** @return the engine settings */
    public Engine getEngine() {
        return engine;
    }

    /** @return the PostgreSQL settings */
    public Postgres getPostgres() {
        return postgres;
    }

    /** @return the lease settings */
    public Lock getLock() {
        return lock;
    }

    /** @return the health settings */
    public Health getHealth() {
        return health;
    }

    /** @return the ClickHouse settings */
    public ClickHouse getClickhouse() {
        return clickhouse;
    }

    /** @return the Elasticsearch settings */
    public Elastic getElastic() {
        return elastic;
    }

    /** @return the per-projection settings by name */
    public Map<String, ProjectionSettings> getProjections() {
        return projections;
    }

    /** @param projections the per-projection settings by name */
    public void setProjections(Map<String, ProjectionSettings> projections) {
        this.projections = projections;
    }

    /** {@code readmodel.engine.*}: the engine's {@link EngineConfig}; the defaults are {@link EngineConfig#DEFAULT}'s. */
    public static class Engine {
        /** Events read and committed together while catching up and live (1 to 100000). */
        private int batchSize = 500;
        /** Events per batch during a rebuild (1 to 100000). */
        private int rebuildBatchSize = 5000;
        /** Longest wait for new events before reading again (1ms to 1m). */
        private Duration pollInterval = Duration.ofMillis(500);
        /** First backoff after a failure (1ms to 1m). */
        private Duration retryInitialDelay = Duration.ofMillis(100);
        /** Longest backoff (at least the initial delay, at most 1h). */
        private Duration retryMaxDelay = Duration.ofSeconds(30);
        /** Documents each projection caches between batches (0 to 10000000; 0 turns it off). */
        private int documentCacheSize = 100_000;
        /** How long stopping waits for each projection's current batch (0 to 10m). */
        private Duration stopTimeout = Duration.ofSeconds(30);
        /** Answers each read model caches from queries (0 to 1000000; 0, the default, turns it off). */
        private int queryCacheSize = 0;

        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int v) { batchSize = v; }
        public int getRebuildBatchSize() { return rebuildBatchSize; }
        public void setRebuildBatchSize(int v) { rebuildBatchSize = v; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration v) { pollInterval = v; }
        public Duration getRetryInitialDelay() { return retryInitialDelay; }
        public void setRetryInitialDelay(Duration v) { retryInitialDelay = v; }
        public Duration getRetryMaxDelay() { return retryMaxDelay; }
        public void setRetryMaxDelay(Duration v) { retryMaxDelay = v; }
        public int getDocumentCacheSize() { return documentCacheSize; }
        public void setDocumentCacheSize(int v) { documentCacheSize = v; }
        public Duration getStopTimeout() { return stopTimeout; }
        public void setStopTimeout(Duration v) { stopTimeout = v; }
        public int getQueryCacheSize() { return queryCacheSize; }
        public void setQueryCacheSize(int v) { queryCacheSize = v; }
    }

    /** {@code readmodel.postgres.*}: the stores built on the application's DataSource. */
    public static class Postgres {
        /** Schema of readmodel's tables and the PostgreSQL read models (lower-case identifier). */
        private String schema = "public";

        public String getSchema() { return schema; }
        public void setSchema(String v) { schema = v; }
    }

    /** {@code readmodel.lock.*}: leases, so that several instances can run the same projections. */
    public static class Lock {
        /** Whether projections run only while this instance holds their PostgreSQL advisory lock. */
        private boolean enabled = false;
        /** The lock namespace; instances that exclude each other share it. The schema when empty. */
        private String namespace;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { enabled = v; }
        public String getNamespace() { return namespace; }
        public void setNamespace(String v) { namespace = v; }
    }

    /** {@code readmodel.health.*}: the bounds of the health indicator; unset ones keep HealthConfig's defaults. */
    public static class Health {
        /** Most events a ready projection may lag behind the head. */
        private Long maxLag;
        /** Longest a ready projection may lag behind the head. */
        private Duration maxLagTime;
        /** How long a checkpoint may stay put while events wait before the projection counts as stalled. */
        private Duration stallAfter;
        /** How old a runner's heartbeat may get before the projection counts as stalled. */
        private Duration heartbeatTimeout;

        public Long getMaxLag() { return maxLag; }
        public void setMaxLag(Long v) { maxLag = v; }
        public Duration getMaxLagTime() { return maxLagTime; }
        public void setMaxLagTime(Duration v) { maxLagTime = v; }
        public Duration getStallAfter() { return stallAfter; }
        public void setStallAfter(Duration v) { stallAfter = v; }
        public Duration getHeartbeatTimeout() { return heartbeatTimeout; }
        public void setHeartbeatTimeout(Duration v) { heartbeatTimeout = v; }
    }

    /** {@code readmodel.clickhouse.*}: a ClickHouse read-model store, built when the url is set. */
    public static class ClickHouse {
        /** HTTP endpoint, such as http://127.0.0.1:8123. */
        private String url;
        /** The user. */
        private String user = "default";
        /** Its password. */
        private String password = "";
        /** The database read models live in (lower-case identifier); created if missing. */
        private String database = "readmodel";

        public String getUrl() { return url; }
        public void setUrl(String v) { url = v; }
        public String getUser() { return user; }
        public void setUser(String v) { user = v; }
        public String getPassword() { return password; }
        public void setPassword(String v) { password = v; }
        public String getDatabase() { return database; }
        public void setDatabase(String v) { database = v; }
    }

    /** {@code readmodel.elastic.*}: an Elasticsearch read-model store, built when the url is set. */
    public static class Elastic {
        /** HTTP endpoint, such as http://127.0.0.1:9200. */
        private String url;
        /** Prefix of every index readmodel creates (lower-case). */
        private String indexPrefix = "readmodel";
        /** Replicas of each read-model index outside rebuilds (0 to 5). */
        private int replicas = 1;

        public String getUrl() { return url; }
        public void setUrl(String v) { url = v; }
        public String getIndexPrefix() { return indexPrefix; }
        public void setIndexPrefix(String v) { indexPrefix = v; }
        public int getReplicas() { return replicas; }
        public void setReplicas(int v) { replicas = v; }
    }

    /** {@code readmodel.projections.<name>.*}: how one projection runs. */
    public static class ProjectionSettings {
        /** How it runs; readmodel.default-mode when unset. */
        private ProjectionMode mode;
        /** Where it writes; postgres when unset. */
        private StoreKind store;
        /** What it does with an event its handler keeps failing on; the projection's own policy when unset. */
        private OnFailure onFailure;
        /** How often a failing handler is run again before on-failure applies (0 to 100); the projection's own when unset. */
        private Integer retries;

        public ProjectionMode getMode() { return mode; }
        public void setMode(ProjectionMode v) { mode = v; }
        public StoreKind getStore() { return store; }
        public void setStore(StoreKind v) { store = v; }
        public OnFailure getOnFailure() { return onFailure; }
        public void setOnFailure(OnFailure v) { onFailure = v; }
        public Integer getRetries() { return retries; }
        public void setRetries(Integer v) { retries = v; }
    }
}
