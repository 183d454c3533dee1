package dev.readmodel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.InvalidDocumentException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConformValuesTest {
    private static final ReadModel ITEMS = ReadModel.named("items").key("id")
            .field("qty", FieldType.LONG)
            .field("price", FieldType.DECIMAL)
            .field("at", FieldType.TIMESTAMP)
            .field("tags", FieldType.KEYWORD_LIST)
            .build();

    @Test
    void makesWhatConformMakesOfTheSameFields() {
        Instant at = Instant.parse("2024-01-01T00:00:00.123456Z");
        Object[] values = {null, 3, new BigDecimal("1.50"), at, List.of("a")};

        Document byValues = ITEMS.conformValues("i-1", values);

        Document byNames = ITEMS.conform("i-1", Document.of("qty", 3, "price", new BigDecimal("1.50"), "at", at,
                "tags", List.of("a")));
        assertThat(byValues).isEqualTo(byNames);
        assertThat(byValues.fields()).containsExactlyEntriesOf(byNames.fields());
        assertThat(byValues.get("qty")).isEqualTo(3L);
        assertThat(byValues.instant("at")).isEqualTo(Instant.parse("2024-01-01T00:00:00.123Z"));
        assertThat(ITEMS.conform("i-1", byValues)).as("already conformed: the same instance").isSameAs(byValues);
    }

    @Test
    void leavesOutNullsAndEmptyListsAsConformDoes() {
        Document document = ITEMS.conformValues("i-1", new Object[] {"i-1", null, BigDecimal.ONE, null, List.of()});

        assertThat(document.fields().keySet()).containsExactly("id", "price");
        assertThat(document).isEqualTo(ITEMS.conform("i-1", Document.of("qty", null, "price", BigDecimal.ONE,
                "tags", List.of())));
    }

    @Test
    void refusesAnotherKeyAWrongCountAndValuesThatDoNotFit() {
        assertThatThrownBy(() -> ITEMS.conformValues("i-1", new Object[] {"i-2", null, null, null, null}))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[i-2]").hasMessageContaining("[i-1]");
        assertThatThrownBy(() -> ITEMS.conformValues("i-1", new Object[] {null, 1L}))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("5 fields, not 2 values");
        assertThatThrownBy(() -> ITEMS.conformValues("i-1", new Object[] {null, "many", null, null, null}))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[qty]").hasMessageContaining("[many]");
    }
}
