package dev.readmodel.postgres;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.testkit.SampleOrders;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * The engine as its own process, for crash tests: projects the sample orders from the PostgreSQL event
 * store into PostgreSQL read models and exits 0 once caught up. Arguments: jdbc url, user, password,
 * schema, batch size.
 */
public final class PostgresCrashWorker {
    private PostgresCrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        PostgresConfig config = PostgresConfig.of(args[0], args[1], args[2]).withSchema(args[3]).withMaxPoolSize(4);
        try (HikariDataSource dataSource = config.dataSource();
                PostgresEventStore events = new PostgresEventStore(dataSource, config.schema());
                ProjectionEngine engine = ProjectionEngine.builder(events)
                        .config(EngineConfig.DEFAULT.withBatchSize(Integer.parseInt(args[4]))
                                .withPollInterval(Duration.ofMillis(20)))
                        .register(SampleOrders.projection("crash-orders"),
                                new PostgresReadModelStore(dataSource, config.schema()), ProjectionMode.PERSISTENT)
                        .build()) {
            engine.start();
            if (!engine.awaitCaughtUp(Duration.ofMinutes(5))) {
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
