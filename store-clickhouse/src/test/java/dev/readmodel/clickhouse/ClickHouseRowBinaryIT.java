package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rows go to ClickHouse as RowBinary: every field type must come back exactly as written, at its limits too. */
class ClickHouseRowBinaryIT {
    private static final ReadModel ALL = ReadModel.named("all_types").key("id")
            .field("keyword", FieldType.KEYWORD).field("text", FieldType.TEXT).field("count", FieldType.LONG)
            .field("ratio", FieldType.DOUBLE).field("amount", FieldType.DECIMAL).field("flag", FieldType.BOOLEAN)
            .field("at", FieldType.TIMESTAMP).field("day", FieldType.DATE).field("tags", FieldType.KEYWORD_LIST).build();

    @Test
    void randomValuesOfEveryTypeRoundTripIncludingLimits() {
        Random random = new Random(18);
        List<DocumentWrite> writes = new ArrayList<>();
        List<Document> expected = new ArrayList<>();
        BigDecimal[] amounts = {new BigDecimal("-0.000001"), new BigDecimal("99999999999999999999999999999999.999999"),
            new BigDecimal("-99999999999999999999999999999999.999999"), new BigDecimal("9223372036854.775808"),
            new BigDecimal("-9223372036854.775809"), BigDecimal.ZERO, new BigDecimal("12.5000000")};
        for (int i = 0; i < 500; i++) {
            Document document = i % 50 == 0 ? Document.empty() : Document.of(
                    "keyword", "k" + random.nextInt(), "text", "é中🚀 " + i, "count", random.nextLong(),
                    "ratio", random.nextDouble() * 1e6 - 5e5, "amount", i < amounts.length ? amounts[i]
                            : BigDecimal.valueOf(random.nextLong(), 6),
                    "flag", random.nextBoolean(), "at", Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L)),
                    "day", LocalDate.ofEpochDay(random.nextInt(0, 49_000)), // 18.16 reads dates past 2105 as 1970
                    "tags", List.of("a" + random.nextInt(5), "日本"));
            Document conformed = ALL.conform("doc-" + i, document);
            writes.add(new DocumentWrite.Put(ALL, "doc-" + i, conformed, i + 1));
            expected.add(conformed);
        }
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase())) {
            store.prepare(List.of(ALL));
            store.commit(new WriteBatch("types", writes, 500));
            List<String> ids = writes.stream().map(DocumentWrite::id).toList();
            Map<String, StoredDocument> loaded = store.load(ALL, ids);
            for (int i = 0; i < ids.size(); i++) {
                StoredDocument stored = loaded.get(ids.get(i));
                assertThat(stored).as(ids.get(i)).isNotNull();
                assertThat(stored.version()).isEqualTo(i + 1);
                Document actual = stored.document();
                Document wanted = expected.get(i);
                assertThat(actual.fields().keySet()).as(ids.get(i)).isEqualTo(wanted.fields().keySet());
                for (String field : wanted.fields().keySet()) {
                    Object value = wanted.get(field);
                    if (value instanceof BigDecimal decimal) {
                        assertThat((BigDecimal) actual.get(field)).as(ids.get(i) + "." + field).isEqualByComparingTo(decimal);
                    } else {
                        assertThat(actual.get(field)).as(ids.get(i) + "." + field).isEqualTo(value);
                    }
                }
            }
        }
    }

    @Test
    void valuesAColumnCannotHoldAreRefusedNamingTheField() {
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase())) {
            store.prepare(List.of(ALL));
            assertThatThrownBy(() -> store.commit(new WriteBatch("types", List.of(new DocumentWrite.Put(ALL, "x",
                    ALL.conform("x", Document.of("amount", new BigDecimal("1.0000001"))), 1)), 1)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("[amount]").hasMessageContaining("1.0000001");
            assertThatThrownBy(() -> store.commit(new WriteBatch("types", List.of(new DocumentWrite.Put(ALL, "x",
                    ALL.conform("x", Document.of("day", LocalDate.of(1969, 12, 31))), 1)), 1)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("[day]").hasMessageContaining("1969-12-31");
            assertThat(store.checkpoint("types")).isZero();

            // rows stream to the server as they are written: a bad value after megabytes of good rows
            // must still leave the whole insert out
            List<DocumentWrite> writes = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
                writes.add(new DocumentWrite.Put(ALL, "ok-" + i, ALL.conform("ok-" + i, Document.of("text", "row " + i)), 2));
            }
            writes.add(new DocumentWrite.Put(ALL, "bad", ALL.conform("bad", Document.of("day", LocalDate.of(2150, 1, 1))), 2));
            assertThatThrownBy(() -> store.commit(new WriteBatch("types", writes, 2)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("[day]").hasMessageContaining("2150-01-01");
            assertThat(store.query(ALL, Query.builder().limit(10).build())).isEmpty();
            assertThat(store.checkpoint("types")).isZero();

            // 18.16 gives dates after 2105 back as 1970: its tables refuse them; current servers hold them
            WriteBatch late = new WriteBatch("types", List.of(new DocumentWrite.Put(ALL, "late",
                    ALL.conform("late", Document.of("day", LocalDate.of(2120, 1, 1))), 3)), 3);
            if (store.dialect().dateTime64()) {
                store.commit(late);
                assertThat(store.load(ALL, List.of("late")).get("late").document().get("day")).isEqualTo(LocalDate.of(2120, 1, 1));
            } else {
                assertThatThrownBy(() -> store.commit(late)).isInstanceOf(StoreException.class)
                        .hasMessageContaining("[day]").hasMessageContaining("2105-12-31");
            }
        }
    }
}
