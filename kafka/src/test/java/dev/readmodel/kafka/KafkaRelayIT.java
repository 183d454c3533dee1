package dev.readmodel.kafka;

import static dev.readmodel.kafka.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryProjectionLock;
import dev.readmodel.postgres.PostgresProjectionLock;
import dev.readmodel.postgres.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The relay against a real broker and the PostgreSQL event store: records, headers, the lease, fencing. */
class KafkaRelayIT extends FreshEventStore {
    private static KafkaRelayConfig config(String topic) {
        return KafkaRelayConfig.of(KafkaServer.bootstrap(), topic + "-" + schema).withPartitions(4)
                .withIntervals(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void publishesEveryEventKeyedByStreamWithItsPositionStreamVersionAndTypeInHeaders() throws Exception {
        append("cart-1", "cart.opened", "cart.item-added");
        append("cart-2", "cart.opened");
        append("cart-1", "cart.checked-out");
        KafkaRelayConfig config = config("records");
        try (KafkaRelay relay = new KafkaRelay(events, new PostgresProjectionLock(PostgresServer.dataSource(), schema), config)) {
            relay.start();
            await("relay publishes the store", () -> relay.publishedUpTo().orElse(0L) >= events.head().position());
            assertThat(relay.state()).isEqualTo(RelayState.ACTIVE);
        }
        TopicTally tally = TopicTally.of(config.topic(), events);
        assertThat(tally.records()).hasSize((int) events.head().position());
        assertThat(List.of(tally.lost(), tally.duplicated(), tally.outOfOrder())).containsOnly(0L);
        ConsumerRecord<byte[], byte[]> checkout = tally.records().stream()
                .filter(r -> "cart.checked-out".equals(EventRecords.headerText(r, EventRecords.TYPE))).findFirst().orElseThrow();
        EventEnvelope stored = events.readStream("cart-1").get(2);
        assertThat(new String(checkout.key(), StandardCharsets.UTF_8)).isEqualTo("cart-1");
        assertThat(EventRecords.headerText(checkout, EventRecords.POSITION)).isEqualTo(Long.toString(stored.position()));
        assertThat(EventRecords.headerText(checkout, EventRecords.STREAM)).isEqualTo("cart-1");
        assertThat(EventRecords.headerText(checkout, EventRecords.VERSION)).isEqualTo("3");
        assertThat(EventRecords.toEnvelope(checkout)).isEqualTo(stored);
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaServer.bootstrap()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, config.topic());
            Config settings = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(settings.get(TopicConfig.RETENTION_MS_CONFIG).value()).as("the history is kept").isEqualTo("-1");
        }
    }

    @Test
    void aSecondRelayStandsByUnderTheLeaseAndResumesWhereTheFirstStoppedWithoutRepeating() throws Exception {
        KafkaRelayConfig config = config("standby");
        for (int i = 0; i < 20; i++) {
            append("stream-" + (i % 5), "thing.happened");
        }
        PostgresProjectionLock lock = new PostgresProjectionLock(PostgresServer.dataSource(), schema);
        try (KafkaRelay first = new KafkaRelay(events, lock, config); KafkaRelay second = new KafkaRelay(events, lock, config)) {
            first.start();
            await("first relay publishes", () -> first.publishedUpTo().orElse(0L) >= events.head().position());
            second.start();
            Thread.sleep(500); // several of its lease attempts
            assertThat(second.state()).isEqualTo(RelayState.STANDBY);
            assertThat(second.publishedUpTo()).isEmpty();
            first.close();
            for (int i = 0; i < 20; i++) {
                append("stream-" + (i % 5), "thing.happened");
            }
            await("second relay takes over", () -> second.publishedUpTo().orElse(0L) >= events.head().position());
            assertThat(second.state()).isEqualTo(RelayState.ACTIVE);
        }
        TopicTally tally = TopicTally.of(config.topic(), events);
        assertThat(tally.records()).hasSize((int) events.head().position());
        assertThat(List.of(tally.lost(), tally.duplicated(), tally.outOfOrder())).containsOnly(0L);
    }

    @Test
    void zombiesThatBothBelieveTheyHoldTheLeaseAreFencedAndPublishNothingTwice() throws Exception {
        KafkaRelayConfig config = config("zombies").withBatchSize(7);
        // two locks that know nothing of each other: both relays think they are the one
        try (KafkaRelay one = new KafkaRelay(events, new InMemoryProjectionLock(), config);
                KafkaRelay other = new KafkaRelay(events, new InMemoryProjectionLock(), config)) {
            one.start();
            other.start();
            for (int i = 0; i < 100; i++) {
                append("zombie-" + (i % 9), "thing.happened");
            }
            await("one of them publishes everything", () -> Math.max(one.publishedUpTo().orElse(0L),
                    other.publishedUpTo().orElse(0L)) >= events.head().position());
            // the fenced one learns it at its next transaction, which may come after the other published everything
            await("the one that started first is fenced by the other's initTransactions", () -> Stream.of(one, other)
                    .flatMap(r -> r.lastError().stream()).anyMatch(e -> e.contains("Fenced") || e.contains("epoch")));
        }
        TopicTally tally = TopicTally.of(config.topic(), events);
        assertThat(tally.records()).hasSize((int) events.head().position());
        assertThat(List.of(tally.lost(), tally.duplicated(), tally.outOfOrder())).containsOnly(0L);
    }

    private static void append(String stream, String... types) {
        events.append(stream, ExpectedVersion.ANY, Arrays.stream(types)
                .map(type -> NewEvent.of(type, Map.of("stream", stream))).toList());
    }
}
