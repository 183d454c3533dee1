package dev.readmodel.kafka;

import java.time.Duration;

/**
 * One repartitioner as its own process, for crash tests: re-keys a topic by day until it is killed.
 * Prints {@code MOVED} once it has committed a transaction. Arguments: bootstrap servers, topic, instance id.
 */
public final class RepartitionWorker {
    private RepartitionWorker() {
    }

    public static void main(String[] args) throws Exception {
        KafkaRepartitionConfig config = KafkaRepartitionConfig.of(args[0], args[1], args[2]).withPartitions(6)
                .withMaxPollRecords(25);
        try (KafkaRepartitioner repartitioner = new KafkaRepartitioner(config, DailySales.DAY)) {
            repartitioner.start();
            while (repartitioner.moved() == 0) {
                Thread.sleep(10);
            }
            System.out.println("MOVED");
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
    }
}
