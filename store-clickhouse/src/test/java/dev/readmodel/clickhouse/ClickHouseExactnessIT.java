package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Never silently wrong, on 18.16 and on a current engine: values at the edges of what the columns hold
 * give memory's answer, values past them the same InvalidQueryException as memory (the server would
 * clamp them), a metric named like its column aggregates right, and NaN is refused at write.
 */
class ClickHouseExactnessIT {
    private static final ReadModel EDGES = ReadModel.named("edges").key("id").field("status", FieldType.KEYWORD)
            .field("day", FieldType.DATE).field("at", FieldType.TIMESTAMP).field("amount", FieldType.DECIMAL).build();
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999999999999999999999999999.999999");
    private static ClickHouseReadModelStore clickhouse;
    private static final InMemoryReadModelStore MEMORY = new InMemoryReadModelStore();
    private static LocalDate lastDay;

    @BeforeAll
    static void start() {
        clickhouse = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
        // 18.16 reads Date values after 2105 back as 1970; current servers hold them to 2149-06-06
        lastDay = clickhouse.dialect().dateTime64() ? LocalDate.parse("2149-06-06") : LocalDate.parse("2105-12-31");
        List<DocumentWrite> writes = new ArrayList<>();
        Object[][] rows = {
            {"low", "open", LocalDate.parse("1970-01-01"), Instant.parse("1900-01-01T00:00:00Z"), new BigDecimal("0.000001")},
            {"high", "open", lastDay, Instant.parse("2299-12-31T23:59:59.999Z"), MAX_AMOUNT},
            {"mid", "done", LocalDate.parse("2024-02-29"), Instant.parse("2024-02-29T12:00:00.001Z"), new BigDecimal("1.000001")},
            {"neg", "done", LocalDate.parse("2000-01-01"), Instant.parse("1969-12-31T23:59:59.999Z"), MAX_AMOUNT.negate()},
        };
        long version = 0;
        for (Object[] row : rows) {
            String id = (String) row[0];
            writes.add(new DocumentWrite.Put(EDGES, id, EDGES.conform(id, Document.of("status", row[1], "day", row[2], "at", row[3],
                    "amount", row[4])), ++version));
        }
        for (ReadModelStore store : List.of(clickhouse, MEMORY)) {
            store.prepare(List.of(EDGES));
            store.commit(new WriteBatch("edges", writes, version));
        }
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) { // null when the server was missing and the class was skipped
            clickhouse.close();
        }
    }

    /** What a store answers: its documents, or the InvalidQueryException's message. */
    private static Object answer(ReadModelStore store, Function<ReadModelStore, List<Document>> ask) {
        try {
            return ask.apply(store);
        } catch (InvalidQueryException e) {
            return "InvalidQueryException: " + e.getMessage();
        }
    }

    private static void sameAsMemory(Query query) {
        Object expected = answer(MEMORY, s -> s.query(EDGES, query));
        assertThat(answer(clickhouse, s -> s.query(EDGES, query))).as("%s", query).isEqualTo(expected);
    }

    @Test
    void boundsAtAndPastTheEdgesOfEveryColumnGiveMemorysAnswer() {
        List<Filter> filters = List.of(
                Filter.lte("day", lastDay), Filter.gt("day", lastDay), Filter.gte("day", "1970-01-01"),
                Filter.lt("day", "1970-01-02"), Filter.eq("day", lastDay),
                Filter.gte("at", "1900-01-01T00:00:00Z"), Filter.gt("at", "2299-12-31T23:59:59.998Z"),
                Filter.lte("at", "1969-12-31T23:59:59.999Z"), Filter.eq("at", "2024-02-29T12:00:00.001Z"),
                Filter.gte("amount", MAX_AMOUNT), Filter.lte("amount", MAX_AMOUNT.negate()), Filter.gt("amount", "1.000000"),
                Filter.in("amount", List.of("0.000001", "1.000001", "2")), Filter.between("amount", "0", "1.000001"),
                // past what every store holds: the same refusal as memory, never a clamped answer
                Filter.lt("day", "2150-01-01"), Filter.gt("amount", "1.0000001"), Filter.gte("at", "1800-01-01T00:00:00Z"),
                Filter.lt("amount", "1e40"));
        for (Filter filter : filters) {
            sameAsMemory(Query.builder().where(filter).build());
        }
        assertThat(answer(clickhouse, s -> s.query(EDGES, Query.builder().where(Filter.lt("day", "2150-01-01")).build())))
                .asString().contains("InvalidQueryException").contains("[day]").contains("2150-01-01");
        assertThat(answer(clickhouse, s -> s.query(EDGES, Query.builder().where(Filter.lte("amount", MAX_AMOUNT)).build())))
                .asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(4);
    }

    @Test
    void aMetricNamedLikeItsColumnAggregatesAndFiltersThatColumn() {
        Aggregation sameName = Aggregation.builder().groupBy("status").sum("amount", "amount").count("day")
                .where(Filter.gt("amount", "0")).orderBy("-amount").build();
        List<Document> expected = MEMORY.aggregate(EDGES, sameName);
        assertThat(clickhouse.aggregate(EDGES, sameName)).isEqualTo(expected);
        assertThat(expected).extracting(d -> d.string("status")).containsExactly("open", "done");
    }

    @Test
    void notANumberIsRefusedAtWriteNamingFieldDocumentAndPosition() throws Exception {
        ReadModel readings = ReadModel.named("readings").key("sensor").field("ratio", FieldType.DOUBLE).build();
        record Reading(String sensor, double over, double under) {
        }
        Projection ratios = Projection.named("ratios").readModel(readings)
                .on("reading.taken", Reading.class, readings, Reading::sensor,
                        (current, e) -> Document.of("ratio", e.over() / e.under()))
                .build();
        InMemoryEventStore events = new InMemoryEventStore();
        events.append("s1", ExpectedVersion.ANY, List.of(NewEvent.of("reading.taken", new Reading("s1", 1, 4))));
        events.append("s2", ExpectedVersion.ANY, List.of(NewEvent.of("reading.taken", new Reading("s2", 0, 0))));
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(ratios, clickhouse, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (engine.status("ratios").state() != ProjectionState.FAULTED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ProjectionError error = engine.status("ratios").lastError().orElseThrow();
            assertThat(error.position()).isEqualTo(2);
            assertThat(error.message()).contains("[ratio]").contains("[s2]").contains("NaN");
            assertThat(clickhouse.query(readings, Query.all())).extracting(d -> d.get("ratio")).containsExactly(0.25);
        }
    }

    @Test
    void listItemsAreHeldToTheirColumnsBoundsAtWriteAndInFilters() {
        ReadModel days = ReadModel.named("list_days").key("id").field("days", FieldType.DATE_LIST)
                .field("amounts", FieldType.DECIMAL_LIST).build();
        clickhouse.prepare(List.of(days));
        clickhouse.commit(new WriteBatch("list-days", List.of(new DocumentWrite.Put(days, "a",
                days.conform("a", Document.of("days", List.of("1970-01-01", lastDay.toString()), "amounts",
                        List.of(MAX_AMOUNT))), 1)), 1));
        Document before = days.conform("b", Document.of("days", List.of("2000-01-01", "1969-12-31")));

        assertThatThrownBy(() -> clickhouse.commit(new WriteBatch("list-days",
                List.of(new DocumentWrite.Put(days, "b", before, 2)), 2)))
                .isInstanceOf(StoreException.class).hasMessageContaining("[days]").hasMessageContaining("1969-12-31");
        assertThat(clickhouse.query(days, days.check(Query.builder().where(Filter.in("days",
                List.of("2000-01-01", "1970-01-01"))).build()))).extracting(d -> d.string("id")).containsExactly("a");
        assertThatThrownBy(() -> days.check(Query.builder().where(Filter.eq("days", "1969-12-31")).build()))
                .as("held in core, before the store").isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("[days]");
        assertThat(clickhouse.query(days, days.check(Query.builder().where(Filter.eq("amounts", MAX_AMOUNT)).build())))
                .extracting(d -> d.string("id")).containsExactly("a");
    }
}
