package dev.readmodel.spring;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.upcast.Upcasters;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.postgres.PostgresCheckpointStore;
import dev.readmodel.postgres.PostgresDeadLetterStore;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresProjectionLock;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.spring.internal.CallerTransactionDataSource;
import dev.readmodel.spring.internal.EngineLifecycle;
import dev.readmodel.spring.internal.SpringAppendTransactions;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * The PostgreSQL stores on the application's {@link DataSource} and a {@link ProjectionEngine} that runs every
 * {@link Projection} bean, started and stopped with the context. Appends through the engine on a thread with
 * a Spring transaction on that DataSource join it: their events and inline read-model changes commit with
 * it, and vanish with its rollback. An event store bean of the application's own commits its appends itself,
 * and the engine announces them at once. Every bean backs off when the application defines its own. The
 * PostgreSQL stores create their tables when built, so they are built lazily, once the settings are checked.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnClass({ProjectionEngine.class, PostgresEventStore.class, DataSource.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "readmodel", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReadModelProperties.class)
public class ReadModelAutoConfiguration {
    /** The name of the engine's bean. */
    public static final String ENGINE = "readModelEngine";

    /**
     * The event stores this configuration made, each with the DataSource that joins the caller's transaction:
     * an event store the application defines appends on connections of its own choosing, which the engine
     * must not take for the caller's.
     */
    private final Map<PostgresEventStore, CallerTransactionDataSource> joining =
            Collections.synchronizedMap(new IdentityHashMap<>());

    /** The event store: on the application's DataSource, joining its Spring transactions. */
    @Bean
    @ConditionalOnMissingBean
    public PostgresEventStore readModelEventStore(DataSource dataSource, ReadModelProperties properties) {
        CallerTransactionDataSource callers = new CallerTransactionDataSource(dataSource);
        PostgresEventStore store = new PostgresEventStore(callers, properties.getPostgres().getSchema());
        joining.put(store, callers);
        return store;
    }

    /** Read models in PostgreSQL, in the configured schema. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    public PostgresReadModelStore readModelPostgresStore(DataSource dataSource, ReadModelProperties properties) {
        return new PostgresReadModelStore(dataSource, properties.getPostgres().getSchema());
    }

    /** Checkpoints in PostgreSQL, for read-model stores that keep none of their own. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    public PostgresCheckpointStore readModelCheckpointStore(DataSource dataSource, ReadModelProperties properties) {
        return new PostgresCheckpointStore(dataSource, properties.getPostgres().getSchema());
    }

    /** Parked events in PostgreSQL. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    public PostgresDeadLetterStore readModelDeadLetterStore(DataSource dataSource, ReadModelProperties properties) {
        return new PostgresDeadLetterStore(dataSource, properties.getPostgres().getSchema());
    }

    /** Leases as PostgreSQL advisory locks, when {@code readmodel.lock.enabled}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "readmodel.lock", name = "enabled")
    public PostgresProjectionLock readModelProjectionLock(DataSource dataSource, ReadModelProperties properties) {
        String namespace = properties.getLock().getNamespace();
        return new PostgresProjectionLock(dataSource, namespace == null || namespace.isBlank()
                ? properties.getPostgres().getSchema() : namespace);
    }

    /**
     * The engine: every Projection bean, with its mode, store and failure policy from
     * {@code readmodel.projections}, and the {@link Upcasters} bean, if there is one, applied to every event
     * before any projection decodes it.
     *
     * @throws ConfigurationException when a setting is out of range, names no projection, or asks for a
     *     store that is not configured
     */
    @Bean(name = ENGINE)
    @ConditionalOnMissingBean
    public ProjectionEngine readModelEngine(ReadModelProperties properties, PostgresEventStore events,
            ObjectProvider<PostgresReadModelStore> postgresStore, ObjectProvider<PostgresDeadLetterStore> deadLetters,
            ObjectProvider<PostgresProjectionLock> lock, ObjectProvider<Projection> projections,
            ObjectProvider<Upcasters> upcasters, BeanFactory beans) {
        List<Projection> all = projections.orderedStream().toList();
        properties.checkProjections(all.stream().map(Projection::name).toList());
        for (Projection projection : all) {
            storeBean(properties, projection.name(), beans);
        }
        // the PostgreSQL stores create their tables when built: only once the settings are known to be good
        ProjectionEngine.Builder builder = ProjectionEngine.builder(events)
                .config(properties.engineConfig())
                .deadLetters(deadLetters.getObject());
        // appends join the caller's transaction only through the event store made here; one the application
        // defines commits its appends itself, so the engine announces them at once, as outside Spring
        CallerTransactionDataSource callers = joining.get(events);
        if (callers != null) {
            builder.appendTransactions(new SpringAppendTransactions(callers));
        }
        lock.ifAvailable(builder::lock);
        upcasters.ifAvailable(builder::upcasters);
        for (Projection projection : all) {
            String bean = storeBean(properties, projection.name(), beans);
            Projection configured = projection.withFailurePolicy(
                    properties.failurePolicy(projection.name(), projection.failurePolicy()));
            builder.register(configured, bean == null ? postgresStore.getObject() : beans.getBean(bean, ReadModelStore.class),
                    properties.mode(projection.name()));
        }
        return builder.build();
    }

    /** Starts the engine with the context and stops it, gracefully, with it. */
    @Bean
    @ConditionalOnMissingBean
    public EngineLifecycle readModelEngineLifecycle(ProjectionEngine engine) {
        return new EngineLifecycle(engine);
    }

    /** The bean name of the projection's store; {@code null} for PostgreSQL. */
    private static String storeBean(ReadModelProperties properties, String projection, BeanFactory beans) {
        ReadModelProperties.StoreKind kind = properties.store(projection);
        if (kind == ReadModelProperties.StoreKind.POSTGRES) {
            return null;
        }
        String bean = kind == ReadModelProperties.StoreKind.CLICKHOUSE ? ReadModelClickHouseConfiguration.STORE
                : ReadModelElasticConfiguration.STORE;
        if (!beans.containsBean(bean)) {
            String module = kind.name().toLowerCase(Locale.ROOT);
            throw new ConfigurationException("Invalid readmodel.projections." + projection + ".store [" + kind
                    + "]: set readmodel." + module + ".url, with readmodel-store-" + module
                    + " on the classpath");
        }
        return bean;
    }
}
