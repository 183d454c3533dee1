package dev.readmodel.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.status.DeadLetter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresDeadLetterIT {
    @Test
    void parkedEventsSurviveWithTheirDataAndCanBeUpdatedAndRemoved() {
        PostgresDeadLetterStore store = new PostgresDeadLetterStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        EventEnvelope event = new EventEnvelope(42, "s-1", 3, "order.created", UUID.randomUUID(),
                Instant.parse("2024-01-01T00:00:00.123Z"), Json.toTree(Map.of("orderId", "o-'1")), Json.toTree(Map.of("u", 1)));
        store.park(new DeadLetter("orders", event, "boom", 4, Instant.parse("2024-01-02T00:00:00Z")));
        store.park(new DeadLetter("others", event, "other", 1, Instant.now()));
        List<DeadLetter> parked = store.list("orders");
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).event()).isEqualTo(event);
        assertThat(parked.get(0).attempts()).isEqualTo(4);

        store.park(new DeadLetter("orders", event, "boom again", 5, Instant.now()));
        assertThat(store.list("orders")).singleElement().satisfies(l -> assertThat(l.error()).isEqualTo("boom again"));
        store.remove("orders", 42);
        assertThat(store.list("orders")).isEmpty();
        assertThat(store.list("others")).hasSize(1);
    }
}
