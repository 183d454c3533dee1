package dev.readmodel.core.upcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.EventDecodingException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.event.NewEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UpcastersTest {
    /** order.created: v1 {order_id, customer}, v2 adds currency, v3 renames customer to customer_id. */
    private static final Upcasters ORDERS = Upcasters.builder()
            .rename("order.placed", "order.created")
            .addField("order.created", 1, "currency", "EUR")
            .renameField("order.created", 2, "customer", "customer_id")
            .split("order.placed_with_item", 1, List.of("order.created", "order.item_added"), data -> List.of(
                    EventShape.of("order.created", 1, object(Map.of("order_id", data.get("order_id").asText(),
                            "customer", data.get("customer").asText()))),
                    EventShape.of("order.item_added", 1, object(Map.of("order_id", data.get("order_id").asText(),
                            "price", data.get("price").decimalValue())))))
            .build();

    private static ObjectNode object(Object value) {
        return (ObjectNode) Json.toTree(value);
    }

    private static EventEnvelope stored(long position, String type, Integer version, Object data) {
        ObjectNode metadata = object(Map.of("user", "u-1"));
        if (version != null) {
            metadata.put(Upcasters.VERSION_KEY, version);
        }
        return new EventEnvelope(position, "order-1", position, type, UUID.randomUUID(), Instant.EPOCH,
                Json.toTree(data), metadata);
    }

    @Test
    void anEventAtItsTypesCurrentVersionOrOfATypeWithoutRulesPassesAsTheSameInstance() {
        EventEnvelope current = stored(1, "order.created", 3, Map.of("order_id", "o-1", "customer_id", "c-1"));
        EventEnvelope unruled = stored(2, "invoice.sent", 7, Map.of("invoice", "i-1"));
        assertThat(ORDERS.upcast(current)).singleElement().isSameAs(current);
        assertThat(ORDERS.upcast(unruled)).singleElement().isSameAs(unruled);
        assertThat(Upcasters.none().upcast(unruled)).singleElement().isSameAs(unruled);
    }

    @Test
    void aChainOfThreeVersionsRunsInOrderAndStampsTheNewVersionKeepingTheRestOfTheMetadata() {
        EventEnvelope v1 = stored(5, "order.created", null, Map.of("order_id", "o-1", "customer", "c-1"));
        EventEnvelope upcast = ORDERS.upcast(v1).get(0);
        assertThat(upcast.type()).isEqualTo("order.created");
        assertThat(Json.mapper().convertValue(upcast.data(), Map.class))
                .isEqualTo(Map.of("order_id", "o-1", "customer_id", "c-1", "currency", "EUR"));
        assertThat(upcast.metadata().get(Upcasters.VERSION_KEY).intValue()).isEqualTo(3);
        assertThat(upcast.metadata().get("user").asText()).isEqualTo("u-1");
        assertThat(upcast.position()).isEqualTo(5);
        assertThat(upcast.eventId()).isEqualTo(v1.eventId());
        assertThat(v1.data().has("customer")).as("the stored event is left as it was").isTrue();
        assertThat(v1.metadata().has(Upcasters.VERSION_KEY)).isFalse();

        EventEnvelope v2 = stored(6, "order.created", 2, Map.of("order_id", "o-1", "customer", "c-2", "currency", "USD"));
        assertThat(ORDERS.upcast(v2).get(0).data().get("currency").asText()).as("v2 already has it").isEqualTo("USD");
        assertThat(ORDERS.upcast(v2).get(0).data().get("customer_id").asText()).isEqualTo("c-2");
    }

    @Test
    void aRenamedTypeBecomesTheNewTypeAndContinuesThroughItsUpcasters() {
        EventEnvelope placed = stored(1, "order.placed", null, Map.of("order_id", "o-1", "customer", "c-1"));
        EventEnvelope upcast = ORDERS.upcast(placed).get(0);
        assertThat(upcast.type()).isEqualTo("order.created");
        assertThat(upcast.data().get("customer_id").asText()).isEqualTo("c-1");
        assertThat(upcast.data().get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void aSplitGivesPartsInOrderAtTheOriginsPositionWithStableDistinctIdsAndEachPartIsUpcastFurther() {
        EventEnvelope origin = stored(9, "order.placed_with_item", null,
                Map.of("order_id", "o-1", "customer", "c-1", "price", 4.5));
        List<EventEnvelope> parts = ORDERS.upcast(origin);
        assertThat(parts).extracting(EventEnvelope::type).containsExactly("order.created", "order.item_added");
        assertThat(parts).extracting(EventEnvelope::position).containsOnly(9L);
        assertThat(parts.get(0).data().get("customer_id").asText()).as("the part went on to v3").isEqualTo("c-1");
        assertThat(parts.get(0).metadata().get(Upcasters.VERSION_KEY).intValue()).isEqualTo(3);
        assertThat(parts.get(1).metadata().get(Upcasters.VERSION_KEY).intValue()).isEqualTo(1);
        assertThat(parts.get(0).eventId()).isNotEqualTo(parts.get(1).eventId()).isNotEqualTo(origin.eventId());
        assertThat(ORDERS.upcast(origin)).extracting(EventEnvelope::eventId)
                .as("stable across replays").containsExactly(parts.get(0).eventId(), parts.get(1).eventId());
    }

    @Test
    void aVersionNoUpcasterBringsToTheCurrentOneIsADecodingErrorNamingPositionTypeAndVersion() {
        assertThatThrownBy(() -> ORDERS.upcast(stored(42, "order.created", 4, Map.of("order_id", "o-1"))))
                .isInstanceOfSatisfying(EventDecodingException.class, e -> {
                    assertThat(e.position()).isEqualTo(42);
                    assertThat(e.eventType()).isEqualTo("order.created");
                    assertThat(e.schemaVersion()).isEqualTo(4);
                })
                .hasMessageContaining("[order.created]").hasMessageContaining("version [4]")
                .hasMessageContaining("position [42]").hasMessageContaining("current version [3]");
        Upcasters gap = Upcasters.builder().addField("a.b", 1, "x", 1).current("a.b", 4).build();
        assertThatThrownBy(() -> gap.upcast(stored(3, "a.b", null, Map.of())))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("version [2]").hasMessageContaining("no upcaster starts from it");
        assertThatThrownBy(() -> ORDERS.upcast(stored(7, "order.placed", 9, Map.of())))
                .hasMessageContaining("[order.created] version [9]").hasMessageContaining("stored as [order.placed]");
    }

    @Test
    void aMalformedVersionAFailingUpcasterAndAnUndeclaredPartTypeAreDecodingErrors() {
        EventEnvelope text = new EventEnvelope(1, "s", 1, "order.created", UUID.randomUUID(), Instant.EPOCH,
                object(Map.of()), object(Map.of(Upcasters.VERSION_KEY, "two")));
        assertThatThrownBy(() -> ORDERS.upcast(text)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("[schema_version] must be a whole number").hasMessageContaining("[\"two\"]");
        Upcasters failing = Upcasters.builder().transform("a.b", 1, data -> {
            throw new IllegalStateException("no amount");
        }).build();
        assertThatThrownBy(() -> failing.upcast(stored(2, "a.b", 1, Map.of())))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("its upcaster failed: no amount")
                .hasCauseInstanceOf(IllegalStateException.class);
        Upcasters undeclared = Upcasters.builder().split("a.b", 1, List.of("a.c"),
                data -> List.of(EventShape.of("a.d", 1, data))).build();
        assertThatThrownBy(() -> undeclared.upcast(stored(3, "a.b", 1, Map.of())))
                .hasMessageContaining("type [a.d], not one of the declared [a.c]");
        Upcasters backwards = Upcasters.builder().upcaster("a.b", 2, Set.of("a.b"),
                event -> List.of(EventShape.of("a.b", 2, event.data()))).build();
        assertThatThrownBy(() -> backwards.upcast(stored(4, "a.b", 2, Map.of())))
                .hasMessageContaining("must return a higher version");
    }

    @Test
    void anUpcasterMayDropAnEvent() {
        Upcasters dropping = Upcasters.builder().upcaster("audit.ping", 1, Set.of(), event -> List.of()).build();
        assertThat(dropping.upcast(stored(1, "audit.ping", null, Map.of()))).isEmpty();
    }

    @Test
    void readTypesAddTheStoredTypesThatUpcastIntoHandledOnes() {
        assertThat(ORDERS.readTypes(EventTypeMatcher.of("order.created")))
                .isEqualTo(EventTypeMatcher.of("order.created", "order.placed", "order.placed_with_item"));
        assertThat(ORDERS.readTypes(EventTypeMatcher.of("order.item_added")))
                .isEqualTo(EventTypeMatcher.of("order.item_added", "order.placed_with_item"));
        assertThat(ORDERS.readTypes(EventTypeMatcher.of("invoice.*"))).isEqualTo(EventTypeMatcher.of("invoice.*"));
        assertThat(ORDERS.readTypes(EventTypeMatcher.all())).isEqualTo(EventTypeMatcher.all());
    }

    @Test
    void stampWritesTheTypesCurrentVersionIntoTheMetadata() {
        NewEvent stamped = ORDERS.stamp(NewEvent.of("order.created", Map.of("order_id", "o-1")).withMetadata(Map.of("u", 1)));
        assertThat(stamped.metadata().get(Upcasters.VERSION_KEY).intValue()).isEqualTo(3);
        assertThat(stamped.metadata().get("u").intValue()).isEqualTo(1);
        NewEvent other = NewEvent.of("invoice.sent", Map.of());
        assertThat(ORDERS.stamp(other)).isSameAs(other);
        assertThat(ORDERS.currentVersion("order.created")).isEqualTo(3);
        assertThat(ORDERS.currentVersion("invoice.sent")).isEqualTo(1);
    }

    @Test
    void badRegistrationsAreRejectedNamingWhatWasWrong() {
        assertThatThrownBy(() -> Upcasters.builder().rename("a", "b").rename("b", "a").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("loop");
        assertThatThrownBy(() -> Upcasters.builder().rename("a", "b").addField("a", 1, "x", 1).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("register those on [b]");
        assertThatThrownBy(() -> Upcasters.builder().addField("a", 1, "x", 1).addField("a", 1, "y", 1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("two upcasters from version [1]");
        assertThatThrownBy(() -> Upcasters.builder().addField("a", 2, "x", 1).current("a", 2).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("current version [2]");
        assertThatThrownBy(() -> Upcasters.builder().addField("a", 0, "x", 1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[0]");
        assertThatThrownBy(() -> Upcasters.builder().rename("a", "a"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("to itself");
    }
}
