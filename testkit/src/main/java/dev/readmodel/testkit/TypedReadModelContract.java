package dev.readmodel.testkit;

import static dev.readmodel.testkit.TypedListSamples.LIST_CASES;
import static dev.readmodel.testkit.TypedListSamples.LIST_SAMPLES;
import static dev.readmodel.testkit.TypedSamples.CASES;
import static dev.readmodel.testkit.TypedSamples.SAMPLES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.TypedListSamples.ListCase;
import dev.readmodel.testkit.TypedListSamples.ListSample;
import dev.readmodel.testkit.TypedSamples.Case;
import dev.readmodel.testkit.TypedSamples.Sample;
import dev.readmodel.testkit.TypedSamples.Stage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a typed read model promises on every store: a record of every component type, written by a typed
 * projection, reads back equal (decimals by value), edge values included (see {@link TypedSamples}), by id and
 * by query; typed
 * handlers read the stored record and delete with {@code null}. Each store's integration test extends this
 * class and returns its store; the read model is truncated before each test.
 */
public abstract class TypedReadModelContract {
    /** The store under test; called before each test. */
    protected abstract ReadModelStore store();

    /** Event data: which sample to write. */
    record Written(int sample) {
    }

    /** Event data: which document to change. */
    record Touched(String key) {
    }

    private static final Projection PROJECTION = Projection.named("typed-contract")
            .on("sample.written", Written.class, SAMPLES, e -> CASES.get(e.sample()).written().key(),
                    (Sample current, Written e) -> CASES.get(e.sample()).written())
            .on("sample.counted", Touched.class, SAMPLES, Touched::key,
                    (Sample current, Touched e) -> current == null ? null : current.counted())
            .on("sample.removed", Touched.class, SAMPLES, Touched::key, (Sample current, Touched e) -> null)
            .build();

    /** Records equal component by component, decimals by value. */
    private static final RecursiveComparisonConfiguration BY_VALUE = RecursiveComparisonConfiguration.builder()
            .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build();

    private ProjectionFixture fixture;

    @BeforeEach
    void startFixture() {
        fixture = ProjectionFixture.of(PROJECTION, store());
    }

    @AfterEach
    void stopFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void writeAllSamples() {
        for (int i = 0; i < CASES.size(); i++) {
            fixture.given(CASES.get(i).written().key(), NewEvent.of("sample.written", new Written(i)));
        }
        fixture.expectCount(SAMPLES.readModel(), CASES.size());
    }

    @Test
    void everyComponentTypeRoundTripsThroughTheStoreByIdAndByQuery() {
        writeAllSamples();
        ProjectionEngine engine = fixture.engine();

        for (Case sample : CASES) {
            assertSame(engine.findById(SAMPLES, sample.written().key()), sample.expected());
        }
        assertThat(engine.query(SAMPLES, Query.builder().orderBy("key").limit(100).build()))
                .usingRecursiveFieldByFieldElementComparator(BY_VALUE)
                .containsExactlyElementsOf(CASES.stream().map(Case::expected).toList());
        assertThat(engine.findById(SAMPLES, "k-missing")).isEmpty();
    }

    @Test
    void enumsAreStoredByNameSoQueriesFilterOnTheName() {
        writeAllSamples();

        List<Sample> shipped = fixture.engine().query(SAMPLES, Query.builder()
                .where(Filter.eq("stage", Stage.SHIPPED.name())).orderBy("key").build());
        List<Sample> paidBefore = fixture.engine().query(SAMPLES, Query.builder()
                .where(Filter.in("history", List.of(Stage.PAID.name()))).orderBy("key").build());

        assertThat(shipped).extracting(Sample::key).containsExactly("k-1", "k-5");
        assertThat(paidBefore).extracting(Sample::key).containsExactly("k-1", "k-2");
    }

    @Test
    void typedHandlersChangeTheStoredRecordAndNullDeletesIt() {
        writeAllSamples();
        fixture.given("k-1", NewEvent.of("sample.counted", new Touched("k-3")),
                NewEvent.of("sample.counted", new Touched("k-3")),
                NewEvent.of("sample.removed", new Touched("k-2")),
                NewEvent.of("sample.counted", new Touched("k-missing")));
        fixture.expectCount(SAMPLES.readModel(), CASES.size() - 1);
        ProjectionEngine engine = fixture.engine();

        assertSame(engine.findById(SAMPLES, "k-3"), CASES.get(2).expected().counted().counted());
        assertThat(engine.findById(SAMPLES, "k-2")).isEmpty();
        assertThat(engine.findById(SAMPLES, "k-missing")).as("null for an absent document writes nothing").isEmpty();
        assertSame(engine.findById(SAMPLES, "k-1"), CASES.get(0).expected());
    }

    private static final Projection LIST_PROJECTION = Projection.named("typed-list-contract")
            .on("list.written", Written.class, LIST_SAMPLES, e -> LIST_CASES.get(e.sample()).written().key(),
                    (ListSample current, Written e) -> LIST_CASES.get(e.sample()).written())
            .build();

    @Test
    void everyListComponentTypeRoundTripsAndFiltersMatchItems() {
        try (ProjectionFixture lists = ProjectionFixture.of(LIST_PROJECTION, store())) {
            for (int i = 0; i < LIST_CASES.size(); i++) {
                lists.given(LIST_CASES.get(i).written().key(), NewEvent.of("list.written", new Written(i)));
            }
            lists.expectCount(LIST_SAMPLES.readModel(), LIST_CASES.size());
            ProjectionEngine engine = lists.engine();

            for (ListCase sample : LIST_CASES) {
                Optional<ListSample> found = engine.findById(LIST_SAMPLES, sample.written().key());
                assertThat(found).as(sample.written().key()).isPresent();
                assertThat(found.get()).as(sample.written().key()).usingRecursiveComparison(BY_VALUE)
                        .isEqualTo(sample.expected());
                assertThat(found.get().ints()).allSatisfy(i -> assertThat(i).isInstanceOf(Integer.class));
            }
            assertThat(listKeys(engine, Filter.eq("longs", 7L))).containsExactly("l-2", "l-4");
            assertThat(listKeys(engine, Filter.in("longs", List.of(Long.MIN_VALUE, 8L)))).containsExactly("l-1", "l-4");
            assertThat(listKeys(engine, Filter.eq("ints", Integer.MIN_VALUE))).containsExactly("l-1");
            assertThat(listKeys(engine, Filter.eq("ratios", 0.0))).containsExactly("l-4");
            assertThat(listKeys(engine, Filter.in("ratios", List.of(-2.25, Double.MAX_VALUE)))).containsExactly("l-1", "l-2");
            assertThat(listKeys(engine, Filter.eq("amounts", "12.5"))).containsExactly("l-4");
            assertThat(listKeys(engine, Filter.in("amounts", List.of("0.000001", "1.0")))).containsExactly("l-1", "l-2");
            assertThat(listKeys(engine, Filter.eq("flags", false))).containsExactly("l-1", "l-2");
            assertThat(listKeys(engine, Filter.eq("times", "2024-02-29T12:34:56.123Z"))).containsExactly("l-4");
            assertThat(listKeys(engine, Filter.in("times", List.of("1900-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z"))))
                    .containsExactly("l-1", "l-2");
            assertThat(listKeys(engine, Filter.eq("days", "1970-01-01"))).containsExactly("l-1");
            assertThat(listKeys(engine, Filter.in("days", List.of("2000-02-29", "2105-12-31")))).containsExactly("l-1", "l-2");
            assertThat(listKeys(engine, Filter.eq("days", null))).as("empty lists are absent").containsExactly("l-3", "l-4");
            assertThat(listKeys(engine, Filter.eq("longs", 9L))).isEmpty();
        }
    }

    private static List<String> listKeys(ProjectionEngine engine, Filter filter) {
        return engine.query(LIST_SAMPLES, Query.builder().where(filter).orderBy("key").build()).stream()
                .map(ListSample::key).toList();
    }

    private static void assertSame(Optional<Sample> found, Sample expected) {
        assertThat(found).as(expected.key()).isPresent();
        assertThat(found.get()).as(expected.key()).usingRecursiveComparison(BY_VALUE).isEqualTo(expected);
    }
}
