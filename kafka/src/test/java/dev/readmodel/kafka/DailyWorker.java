package dev.readmodel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One instance of the daily-sales projection as its own process, for {@link RepartitionCrashContract}:
 * consumes the by-day topic in a group into the store that {@link WorkerStore} opens until it is killed.
 * Prints {@code ASSIGNED} once it holds a partition. Arguments: bootstrap servers, topic, group, then the
 * store's.
 */
public final class DailyWorker {
    private DailyWorker() {
    }

    public static void main(String[] args) throws Exception {
        KafkaProjectionConfig kafka = KafkaProjectionConfig.of(args[0], args[1], args[2]).withMaxPollRecords(20)
                .withConsumerProperties(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
        try (WorkerStore store = WorkerStore.open(List.of(args).subList(3, args.length));
                KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(DailySales.projection(), store.store(),
                        kafka)) {
            consumer.start();
            while (consumer.assignedPartitions().isEmpty()) {
                Thread.sleep(10);
            }
            System.out.println("ASSIGNED");
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
    }
}
