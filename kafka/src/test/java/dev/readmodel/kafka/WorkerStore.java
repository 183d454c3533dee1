package dev.readmodel.kafka;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;

/**
 * A read-model store named by command-line arguments, so that a worker process opens the same store as
 * the test that launched it: {@code postgres url user password schema}, {@code clickhouse url user
 * password database} or {@code elastic url indexPrefix}.
 */
record WorkerStore(ReadModelStore store, AutoCloseable resource) implements AutoCloseable {
    static List<String> postgres(PostgresConfig config, String schema) {
        return List.of("postgres", config.jdbcUrl(), config.user(), config.password(), schema);
    }

    static List<String> clickhouse(ClickHouseConfig config) {
        return List.of("clickhouse", config.url(), config.user(), config.password(), config.database());
    }

    static List<String> elastic(ElasticConfig config) {
        return List.of("elastic", config.url(), config.indexPrefix());
    }

    static WorkerStore open(List<String> args) {
        switch (args.get(0)) {
            case "postgres" -> {
                PostgresConfig config = PostgresConfig.of(args.get(1), args.get(2), args.get(3)).withSchema(args.get(4))
                        .withMaxPoolSize(4);
                HikariDataSource dataSource = config.dataSource();
                return new WorkerStore(new PostgresReadModelStore(dataSource, config.schema()), dataSource);
            }
            case "clickhouse" -> {
                ClickHouseReadModelStore store = new ClickHouseReadModelStore(new ClickHouseConfig(args.get(1), args.get(2),
                        args.get(3), args.get(4)));
                return new WorkerStore(store, store);
            }
            case "elastic" -> {
                ElasticReadModelStore store = new ElasticReadModelStore(ElasticConfig.of(args.get(1))
                        .withIndexPrefix(args.get(2)).withReplicas(0));
                return new WorkerStore(store, store);
            }
            default -> throw new IllegalArgumentException("Unknown store [" + args.get(0) + "]");
        }
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}
