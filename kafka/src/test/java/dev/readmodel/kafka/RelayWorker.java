package dev.readmodel.kafka;

import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresProjectionLock;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * A relay as its own process, for crash tests: publishes the PostgreSQL event store of a schema to a topic
 * under the schema's lease until it is killed. Arguments: jdbc url, user, password, schema, bootstrap
 * servers, topic, batch size. Prints {@code ACTIVE} once it holds the lease, for the test to see.
 */
public final class RelayWorker {
    private RelayWorker() {
    }

    public static void main(String[] args) throws Exception {
        PostgresConfig config = PostgresConfig.of(args[0], args[1], args[2]).withSchema(args[3]).withMaxPoolSize(4);
        KafkaRelayConfig relay = KafkaRelayConfig.of(args[4], args[5]).withBatchSize(Integer.parseInt(args[6]))
                .withIntervals(Duration.ofMillis(50), Duration.ofMillis(100));
        try (HikariDataSource dataSource = config.dataSource();
                PostgresEventStore events = new PostgresEventStore(dataSource, config.schema());
                KafkaRelay running = new KafkaRelay(events, new PostgresProjectionLock(dataSource, config.schema()), relay)) {
            running.start();
            System.out.println("STARTED");
            while (running.state() != RelayState.ACTIVE) {
                Thread.sleep(10);
            }
            System.out.println("ACTIVE");
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
    }
}
