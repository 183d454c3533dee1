package dev.readmodel.core.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidDocumentException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedListsTest {
    record Lists(String id, List<Long> longs, List<Integer> ints, List<Double> doubles, List<BigDecimal> decimals,
            List<Boolean> flags, List<Instant> times, List<LocalDate> days) {
    }

    record Nested(String id, List<List<String>> values) {
    }

    @Test
    void derivesAListFieldTypeForEveryScalarElement() {
        Map<String, FieldType> expected = new LinkedHashMap<>();
        expected.put("id", FieldType.KEYWORD);
        expected.put("longs", FieldType.LONG_LIST);
        expected.put("ints", FieldType.LONG_LIST);
        expected.put("doubles", FieldType.DOUBLE_LIST);
        expected.put("decimals", FieldType.DECIMAL_LIST);
        expected.put("flags", FieldType.BOOLEAN_LIST);
        expected.put("times", FieldType.TIMESTAMP_LIST);
        expected.put("days", FieldType.DATE_LIST);

        assertThat(ReadModel.of(Lists.class).readModel().fields()).containsExactlyEntriesOf(expected);
    }

    @Test
    void roundTripsEveryListThroughItsConformedDocument() {
        TypedReadModel<Lists> typed = ReadModel.of(Lists.class);
        Lists record = new Lists("a", List.of(Long.MAX_VALUE, -1L), List.of(7, Integer.MIN_VALUE), List.of(0.5, -2.25),
                List.of(new BigDecimal("19.99"), BigDecimal.ONE), List.of(true, false, true),
                List.of(Instant.parse("2026-01-02T03:04:05.678Z")), List.of(LocalDate.parse("2026-02-28")));

        Lists back = roundTrip(typed, record);

        assertThat(back).isEqualTo(record);
        assertThat(back.ints().get(0)).isInstanceOf(Integer.class);
    }

    @Test
    void absentOrEmptyListsReadAsEmptyLists() {
        TypedReadModel<Lists> typed = ReadModel.of(Lists.class);
        Lists record = new Lists("a", null, List.of(), null, List.of(), null, null, List.of());

        Document stored = typed.readModel().conform("a", typed.toDocument(record));

        assertThat(stored.fields().keySet()).containsExactly("id");
        Lists back = typed.fromDocument(stored);
        assertThat(List.of(back.longs(), back.ints(), back.doubles(), back.decimals(), back.flags(), back.times(),
                back.days())).allSatisfy(list -> assertThat(list).isEmpty());
    }

    @Test
    void itemsAreHeldToTheirScalarTypesRules() {
        TypedReadModel<Lists> typed = ReadModel.of(Lists.class);
        Lists nan = new Lists("a", null, null, List.of(1.0, Double.NaN), null, null, null, null);
        Lists withNull = new Lists("a", Arrays.asList(1L, null), null, null, null, null, null, null);

        assertThatThrownBy(() -> typed.readModel().conform("a", typed.toDocument(nan)))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("doubles").hasMessageContaining("NaN");
        assertThatThrownBy(() -> typed.readModel().conform("a", typed.toDocument(withNull)))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("longs").hasMessageContaining("null");
        Lists micros = new Lists("a", null, null, null, null, null, List.of(Instant.parse("2026-01-02T03:04:05.678901Z")), null);
        assertThat(roundTrip(typed, micros).times()).containsExactly(Instant.parse("2026-01-02T03:04:05.678Z"));
    }

    @Test
    void refusesListsOfListsNamingTheComponent() {
        assertThatThrownBy(() -> ReadModel.of(Nested.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("[values]").hasMessageContaining("List<java.util.List<java.lang.String>>");
    }

    private static <R extends Record> R roundTrip(TypedReadModel<R> typed, R record) {
        Document stored = typed.readModel().conform(typed.keyOf(record), typed.toDocument(record));
        return typed.fromDocument(stored);
    }
}
