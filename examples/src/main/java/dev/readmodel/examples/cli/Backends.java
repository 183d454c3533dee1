package dev.readmodel.examples.cli;

import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryDeadLetterStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.examples.invoices.InvoiceAnalytics;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.examples.products.ProductSearch;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresDeadLetterStore;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the examples keep events and read models: PostgreSQL for events, order summaries, daily sales
 * and customer activity when a PostgreSQL URL is given; ClickHouse for invoice analytics when a
 * ClickHouse URL is given; Elasticsearch for product search when its URL is given; memory otherwise.
 */
final class Backends implements AutoCloseable {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, String> description = new LinkedHashMap<>();
    final EventStore events;
    final ReadModelStore orders;
    final ReadModelStore invoices;
    final ReadModelStore products;
    final DeadLetterStore deadLetters;
    final boolean persistent;

    private Backends(Options options) {
        InMemoryReadModelStore memory = new InMemoryReadModelStore();
        if (options.postgresUrl() != null) {
            PostgresConfig config = new PostgresConfig(options.postgresUrl(), options.postgresUser(),
                    options.postgresPassword(), options.postgresSchema(), 10);
            HikariDataSource pool = config.dataSource();
            resources.add(pool);
            requireReachable(pool, options.postgresUrl());
            PostgresEventStore postgresEvents = new PostgresEventStore(pool, config.schema());
            resources.add(0, postgresEvents);
            events = postgresEvents;
            orders = new PostgresReadModelStore(pool, config.schema());
            deadLetters = new PostgresDeadLetterStore(pool, config.schema());
            persistent = true;
            description.put("events", "postgres " + options.postgresUrl());
            description.put("order summaries, daily sales, customer activity", "postgres");
        } else {
            events = new InMemoryEventStore();
            orders = memory;
            deadLetters = new InMemoryDeadLetterStore();
            persistent = false;
            description.put("events", "memory");
            description.put("order summaries, daily sales, customer activity", "memory");
        }
        if (options.clickhouseUrl() != null) {
            ClickHouseReadModelStore clickhouse;
            try {
                clickhouse = new ClickHouseReadModelStore(options.clickhouse());
            } catch (TransientStoreException e) {
                throw new TransientStoreException("ClickHouse at [" + options.clickhouseUrl() + "] is unreachable: "
                        + e.getMessage(), e);
            }
            resources.add(0, clickhouse);
            invoices = clickhouse;
            description.put("invoice analytics", "clickhouse " + options.clickhouseUrl() + " (server "
                    + clickhouse.serverVersion() + ")");
        } else {
            invoices = memory;
            description.put("invoice analytics", "memory");
        }
        if (options.elasticUrl() != null) {
            ElasticReadModelStore elastic;
            try {
                elastic = new ElasticReadModelStore(options.elastic());
            } catch (TransientStoreException e) {
                throw new TransientStoreException("Elasticsearch at [" + options.elasticUrl() + "] is unreachable: "
                        + e.getMessage(), e);
            }
            resources.add(0, elastic);
            products = elastic;
            description.put("product search", "elasticsearch " + options.elasticUrl());
        } else {
            products = memory;
            description.put("product search", "memory");
        }
    }

    static Backends open(Options options) {
        return new Backends(options);
    }

    private static void requireReachable(HikariDataSource pool, String url) {
        try (Connection connection = pool.getConnection()) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new TransientStoreException("PostgreSQL at [" + url + "] is unreachable: " + e.getMessage(), e);
        }
    }

    /** The engine with the five example projections, each writing to its backend. */
    ProjectionEngine engine(EngineConfig config) {
        ProjectionEngine.Builder builder = ProjectionEngine.builder(events).config(config).deadLetters(deadLetters);
        projections().forEach((projection, store) -> builder.register(projection, store, ProjectionMode.PERSISTENT));
        return builder.build();
    }

    /** The five example projections, each with the store it writes to, in registration order. */
    Map<Projection, ReadModelStore> projections() {
        Map<Projection, ReadModelStore> projections = new LinkedHashMap<>();
        for (Projection projection : List.of(OrderProjections.orderSummary(), OrderProjections.dailySales(),
                OrderProjections.customerActivity())) {
            projections.put(projection, orders);
        }
        projections.put(InvoiceAnalytics.projection(), invoices);
        projections.put(ProductSearch.projection(), products);
        return projections;
    }

    Map<String, String> describe() {
        return description;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing on the way out: nothing left to protect
            }
        }
    }

}
