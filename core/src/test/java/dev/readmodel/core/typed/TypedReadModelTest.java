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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedReadModelTest {
    enum Status { PENDING, SHIPPED }

    record AllTypes(@Key String ref, @Text String note, String label, long count, Long boxedCount, int small,
            Integer boxedSmall, double ratio, Double boxedRatio, BigDecimal amount, boolean flag, Boolean boxedFlag,
            Instant at, LocalDate day, Status status, List<String> tags, List<Status> history) {
    }

    record OrderSummary(String id, String customerId, @FieldName("total") BigDecimal totalAmount) {
    }

    @ReadModelName("order_summaries")
    record Named(@Key String orderId, String httpURLPath, int line2) {
    }

    @Test
    void derivesNameKeyFieldNamesAndEveryFieldType() {
        ReadModel model = ReadModel.of(AllTypes.class).readModel();

        assertThat(model.name()).isEqualTo("all_types");
        assertThat(model.keyField()).isEqualTo("ref");
        Map<String, FieldType> expected = new LinkedHashMap<>();
        expected.put("ref", FieldType.KEYWORD);
        expected.put("note", FieldType.TEXT);
        expected.put("label", FieldType.KEYWORD);
        expected.put("count", FieldType.LONG);
        expected.put("boxed_count", FieldType.LONG);
        expected.put("small", FieldType.LONG);
        expected.put("boxed_small", FieldType.LONG);
        expected.put("ratio", FieldType.DOUBLE);
        expected.put("boxed_ratio", FieldType.DOUBLE);
        expected.put("amount", FieldType.DECIMAL);
        expected.put("flag", FieldType.BOOLEAN);
        expected.put("boxed_flag", FieldType.BOOLEAN);
        expected.put("at", FieldType.TIMESTAMP);
        expected.put("day", FieldType.DATE);
        expected.put("status", FieldType.KEYWORD);
        expected.put("tags", FieldType.KEYWORD_LIST);
        expected.put("history", FieldType.KEYWORD_LIST);
        assertThat(model.fields()).containsExactlyEntriesOf(expected);
    }

    @Test
    void takesTheKeyFromIdAndNamesFromAnnotationsOrSnakeCase() {
        ReadModel summary = ReadModel.of(OrderSummary.class).readModel();
        assertThat(summary.name()).isEqualTo("order_summary");
        assertThat(summary.keyField()).isEqualTo("id");
        assertThat(summary.fields().keySet()).containsExactly("id", "customer_id", "total");

        ReadModel named = ReadModel.of(Named.class).readModel();
        assertThat(named.name()).isEqualTo("order_summaries");
        assertThat(named.keyField()).isEqualTo("order_id");
        assertThat(named.fields().keySet()).containsExactly("order_id", "http_url_path", "line2");
    }

    @Test
    void roundTripsEveryFieldTypeThroughAConformedDocument() {
        TypedReadModel<AllTypes> typed = ReadModel.of(AllTypes.class);
        AllTypes full = new AllTypes("r-1", "Some words", "label", Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE, -1.5e-300, 2.25, new BigDecimal("-12345678901234567890.123456"), true, false,
                Instant.parse("2299-12-31T23:59:59.999Z"), LocalDate.of(1970, 1, 1), Status.SHIPPED,
                List.of("a", "b", "a"), List.of(Status.PENDING, Status.SHIPPED));
        AllTypes empty = new AllTypes("r-2", null, null, 0, null, 0, null, 0.0, null, null, false, null, null, null,
                null, List.of(), List.of());

        assertThat(roundTrip(typed, full)).isEqualTo(full);
        assertThat(roundTrip(typed, empty)).isEqualTo(empty);
        assertThat(typed.keyOf(full)).isEqualTo("r-1");
        assertThat(typed.toDocument(full).get("status")).as("enums are stored by constant name").isEqualTo("SHIPPED");
        assertThat(typed.toDocument(full).get("history")).isEqualTo(List.of("PENDING", "SHIPPED"));
    }

    @Test
    void readsInstantsToTheMillisecondAbsentListsAsEmptyAndDecimalsWithTheirStoredScale() {
        TypedReadModel<AllTypes> typed = ReadModel.of(AllTypes.class);
        AllTypes written = new AllTypes("r-3", null, null, 0, null, 0, null, 0.0, null, new BigDecimal("1.50"),
                false, null, Instant.parse("2024-02-29T12:00:00.123456789Z"), null, null, null, null);

        AllTypes read = roundTrip(typed, written);

        assertThat(read.at()).isEqualTo(Instant.parse("2024-02-29T12:00:00.123Z"));
        assertThat(read.tags()).isEmpty();
        assertThat(read.history()).isEmpty();
        assertThat(read.amount()).as("a handler copying it writes it back unchanged").isEqualTo(new BigDecimal("1.50"));
        assertThat(typed.fromDocument(Document.of("ref", "r", "amount", "1.500000")).amount())
                .as("what a store gives back, converted").isEqualTo(new BigDecimal("1.500000"));
    }

    @Test
    void convertsStoredValuesOfOtherJavaTypesAndRefusesThoseThatDoNotFit() {
        TypedReadModel<Named> typed = ReadModel.of(Named.class);
        assertThat(typed.fromDocument(Document.of("order_id", "o-1", "line2", 7L)))
                .isEqualTo(new Named("o-1", null, 7));
        assertThatThrownBy(() -> typed.fromDocument(Document.of("order_id", "o-1", "line2", 1L << 40)))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("[line2]").hasMessageContaining("[line2] of record").hasMessageContaining("Named");

        TypedReadModel<AllTypes> all = ReadModel.of(AllTypes.class);
        assertThatThrownBy(() -> all.fromDocument(Document.of("ref", "r", "status", "LOST")))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("[LOST]").hasMessageContaining("[status]").hasMessageContaining("Status").hasMessageContaining("[PENDING, SHIPPED]");
    }

    @Test
    void refusesToWriteARecordWithoutItsKeyOrWithValuesNoStoreHolds() {
        TypedReadModel<Named> typed = ReadModel.of(Named.class);
        assertThatThrownBy(() -> typed.toDocument(new Named(null, "p", 1)))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[orderId]").hasMessageContaining("null");
        assertThatThrownBy(() -> typed.readModel().conform("o-2", typed.toDocument(new Named("o-1", "p", 1))))
                .as("a handler that returns another order's record").isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("[o-1]").hasMessageContaining("[o-2]");
        TypedReadModel<AllTypes> all = ReadModel.of(AllTypes.class);
        assertThatThrownBy(() -> all.toDocument(new AllTypes("r", null, null, 0, null, 0, null, Double.NaN, null, null,
                false, null, null, null, null, List.of(), List.of())))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("[ratio]").hasMessageContaining("NaN");
    }

    record NoKey(String name) {
    }

    record NumericKey(@Key long number) {
    }

    record TwoKeys(@Key String a, @Key String b) {
    }

    record FloatValue(String id, float value) {
    }

    record Floats(String id, List<Float> values) {
    }

    record RawList(String id, @SuppressWarnings("rawtypes") List values) {
    }

    record TextNumber(String id, @Text long value) {
    }

    record BadFieldName(String id, @FieldName("Total") long total) {
    }

    record SameField(String id, @FieldName("total") long a, long total) {
    }

    @ReadModelName("Orders!")
    record BadName(String id) {
    }

    @Test
    void refusesRecordsThatDoNotDeclareAReadModelNamingRecordComponentAndType() {
        assertConfigError(NoKey.class, "NoKey", "no key", "@Key or name it id");
        assertConfigError(NumericKey.class, "NumericKey", "[number]", "[long]", "keys are Strings");
        assertConfigError(TwoKeys.class, "TwoKeys", "[a]", "[b]");
        assertConfigError(FloatValue.class, "FloatValue", "[value]", "[float]", "supported: String");
        assertConfigError(Floats.class, "Floats", "[values]", "[java.util.List<java.lang.Float>]", "Instant or LocalDate");
        assertConfigError(RawList.class, "RawList", "[values]", "[java.util.List]");
        assertConfigError(TextNumber.class, "TextNumber", "[value]", "@Text", "only String");
        assertConfigError(BadFieldName.class, "BadFieldName", "[total]", "[Total]");
        assertConfigError(SameField.class, "SameField", "[total]", "twice");
        assertConfigError(BadName.class, "BadName", "[Orders!]");
    }

    private static void assertConfigError(Class<? extends Record> type, String... parts) {
        assertThatThrownBy(() -> ReadModel.of(type))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    for (String part : parts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
    }

    /** What a store sees and gives back: the conformed document. */
    private static <R extends Record> R roundTrip(TypedReadModel<R> typed, R record) {
        Document stored = typed.readModel().conform(typed.keyOf(record), typed.toDocument(record));
        return typed.fromDocument(stored);
    }
}
