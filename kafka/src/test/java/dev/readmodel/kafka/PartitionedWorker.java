package dev.readmodel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One projection instance as its own process, for {@link PartitionedConsumerContract}: consumes a topic in
 * a group into the store that {@link WorkerStore} opens until it is killed. Prints {@code ASSIGNED} once it
 * holds a partition. Arguments: bootstrap servers, topic, group, then the store's.
 */
public final class PartitionedWorker {
    private PartitionedWorker() {
    }

    public static void main(String[] args) throws Exception {
        KafkaProjectionConfig kafka = KafkaProjectionConfig.of(args[0], args[1], args[2]).withMaxPollRecords(40)
                .withConsumerProperties(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
        try (WorkerStore store = WorkerStore.open(List.of(args).subList(3, args.length));
                KafkaProjectionConsumer consumer = new KafkaProjectionConsumer(StreamTally.projection(), store.store(),
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
