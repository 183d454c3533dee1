package dev.readmodel.kafka;

import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresReadModelStore;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;

/**
 * One instance of the daily-sales projection as its own process, for crash tests: consumes the by-day
 * topic in a group into a PostgreSQL schema until it is killed. Prints {@code ASSIGNED} once it holds a
 * partition. Arguments: jdbc url, user, password, schema, bootstrap servers, topic, group.
 */
public final class DailyWorker {
    private DailyWorker() {
    }

    public static void main(String[] args) throws Exception {
        PostgresConfig config = PostgresConfig.of(args[0], args[1], args[2]).withSchema(args[3]).withMaxPoolSize(4);
        KafkaProjectionConfig kafka = KafkaProjectionConfig.of(args[4], args[5], args[6]).withMaxPollRecords(20)
                .withConsumerProperties(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
        try (HikariDataSource dataSource = config.dataSource();
                KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(DailySales.projection(),
                        new PostgresReadModelStore(dataSource, config.schema()), kafka)) {
            consumer.start();
            while (consumer.assignedPartitions().isEmpty()) {
                Thread.sleep(10);
            }
            System.out.println("ASSIGNED");
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
    }
}
