package dev.readmodel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.EventDecodingException;
import dev.readmodel.core.error.InvalidDocumentException;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.query.QueryContractTest;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DocumentAndReadModelTest {
    static final ReadModel ORDERS = QueryContractTest.ORDERS;

    @Test
    void conformConvertsValuesAndSetsTheKey() {
        Document conformed = ORDERS.conform("o-1", Document.of("status", "paid", "total", 12.5, "items", 3,
                "created_at", "2024-01-02T03:04:05.678912Z", "tags", List.of("a", "b")));
        assertThat(conformed.get("order_id")).isEqualTo("o-1");
        assertThat(conformed.get("total")).isEqualTo(new BigDecimal("12.5"));
        assertThat(conformed.get("items")).isEqualTo(3L);
        assertThat(conformed.get("created_at")).isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(conformed.list("tags")).containsExactly("a", "b");
    }

    @Test
    void undeclaredFieldsWrongTypesAndKeyMismatchesAreNamed() {
        assertThatThrownBy(() -> ORDERS.conform("o-1", Document.of("colour", "red")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[colour]").hasMessageContaining("[orders]");
        assertThatThrownBy(() -> ORDERS.conform("o-1", Document.of("items", "many")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[items]").hasMessageContaining("many");
        assertThatThrownBy(() -> ORDERS.conform("o-1", Document.of("items", 2.5)))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[items]");
        assertThatThrownBy(() -> ORDERS.conform("o-1", Document.of("order_id", "o-2")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[o-2]");
        assertThatThrownBy(() -> ORDERS.conform("", Document.empty())).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void notANumberAndTheInfinitiesAreRefusedNamingFieldAndDocumentEvenAfterAConformedChange() {
        ReadModel readings = ReadModel.named("readings").key("sensor").field("ratio", FieldType.DOUBLE).build();
        for (Object notFinite : List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, "NaN", 1.0f / 0)) {
            assertThatThrownBy(() -> readings.conform("s-7", Document.of("ratio", notFinite)))
                    .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[ratio]").hasMessageContaining("[s-7]")
                    .hasMessageContaining("finite");
        }
        Document conformed = readings.conform("s-7", Document.of("ratio", 0.5));
        assertThatThrownBy(() -> readings.conform("s-7", conformed.with("ratio", Double.NaN)))
                .as("a typed change does not carry NaN past the check").isInstanceOf(InvalidDocumentException.class);
        assertThat(readings.conform("s-7", conformed.with("ratio", -0.25)).get("ratio")).isEqualTo(-0.25);
    }

    @Test
    void changesToAConformedDocumentAreCheckedAgainWhenTheyCouldBreakIt() {
        Document conformed = ORDERS.conform("o-1", Document.of("status", "open", "items", 1L));
        // changes with declared types pass through unchanged; the rest are converted or refused as before
        Document typed = conformed.with("status", "paid").plus("items", 2);
        assertThat(ORDERS.conform("o-1", typed)).isSameAs(typed);
        assertThat(ORDERS.conform("o-1", conformed.with("items", 4)).get("items")).isEqualTo(4L);
        assertThat(ORDERS.conform("o-1", conformed.with("created_at", Instant.parse("2024-01-02T03:04:05.678912Z")))
                .get("created_at")).isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(ORDERS.conform("o-1", conformed.with("status", null)).has("status")).isFalse();
        assertThatThrownBy(() -> ORDERS.conform("o-1", conformed.with("colour", "red")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[colour]");
        assertThatThrownBy(() -> ORDERS.conform("o-2", conformed)).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("[o-1]");
        assertThatThrownBy(() -> ORDERS.conform("o-1", conformed.with("order_id", "o-3")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[o-3]");
    }

    @Test
    void decimalsCompareByValue() {
        assertThat(Document.of("total", new BigDecimal("1.0"))).isEqualTo(Document.of("total", new BigDecimal("1.00")));
        assertThat(Document.of("total", new BigDecimal("1.0")).hashCode())
                .isEqualTo(Document.of("total", new BigDecimal("1.00")).hashCode());
        assertThat(Document.of("total", new BigDecimal("1.0"))).isNotEqualTo(Document.of("total", new BigDecimal("1.01")));
    }

    @Test
    void documentsAreImmutableAndPlusAccumulates() {
        Document base = Document.of("n", 1L);
        Document next = base.plus("n", 2).plus("total", new BigDecimal("2.50")).plus("total", new BigDecimal("0.50"));
        assertThat(base.longValue("n", 0)).isEqualTo(1L);
        assertThat(next.longValue("n", 0)).isEqualTo(3L);
        assertThat(next.decimal("total", BigDecimal.ZERO)).isEqualByComparingTo("3.00");
        assertThat(next.without("n").has("n")).isFalse();
        assertThat(Document.of("d", "2024-02-29").date("d")).isEqualTo(LocalDate.of(2024, 2, 29));
        Document repeated = Document.of("a", 1L, "b", 2L, "a", 3L);
        assertThat(repeated.size()).isEqualTo(2);
        assertThat(repeated).isEqualTo(Document.of("a", 3L, "b", 2L));
    }

    @Test
    void badDeclarationsFailAtOnce() {
        assertThatThrownBy(() -> ReadModel.named("Orders")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("[Orders]");
        assertThatThrownBy(() -> ReadModel.named("orders").field("x", FieldType.LONG).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("key field");
        assertThatThrownBy(() -> ReadModel.named("orders").key("id").field("id", FieldType.LONG))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> ReadModel.named("orders").key("id").field("drop table", FieldType.LONG))
                .isInstanceOf(ConfigurationException.class);
    }

    record Created(String orderId, BigDecimal total) {
    }

    @Test
    void envelopeDecodesIntoRecordsAndNamesPositionAndTypeWhenItCannot() {
        EventEnvelope ok = new EventEnvelope(7, "order-1", 1, "order.created", UUID.randomUUID(), Instant.now(),
                Json.toTree(new Created("o-1", new BigDecimal("9.99"))), null);
        assertThat(ok.decode(Created.class)).isEqualTo(new Created("o-1", new BigDecimal("9.99")));
        assertThat(ok.metadata().isObject()).isTrue();

        EventEnvelope bad = new EventEnvelope(42, "order-1", 2, "order.created", UUID.randomUUID(), Instant.now(),
                JsonNodeFactory.instance.objectNode().put("total", "not a number"), null);
        assertThatThrownBy(() -> bad.decode(Created.class)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("[42]").hasMessageContaining("[order.created]").hasMessageContaining("Created");
    }

    @Test
    void newEventsRejectBadTypesAndNonObjectData() {
        assertThatThrownBy(() -> NewEvent.of("bad type", Document.empty().fields()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[bad type]");
        assertThatThrownBy(() -> NewEvent.of("x.y", List.of(1, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
        String justUnder = "x".repeat(NewEvent.MAX_SIZE_BYTES - 100);
        assertThat(NewEvent.of("doc.attached", java.util.Map.of("body", justUnder)).data().path("body").asText())
                .hasSize(justUnder.length());
        assertThatThrownBy(() -> NewEvent.of("doc.attached", java.util.Map.of("body", justUnder + "x".repeat(200))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[doc.attached]")
                .hasMessageContaining(Integer.toString(NewEvent.MAX_SIZE_BYTES));
    }
}
