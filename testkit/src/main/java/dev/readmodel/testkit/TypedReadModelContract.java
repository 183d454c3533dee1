package dev.readmodel.testkit;

import static dev.readmodel.testkit.TypedSamples.CASES;
import static dev.readmodel.testkit.TypedSamples.SAMPLES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
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

    private static void assertSame(Optional<Sample> found, Sample expected) {
        assertThat(found).as(expected.key()).isPresent();
        assertThat(found.get()).as(expected.key()).usingRecursiveComparison(BY_VALUE).isEqualTo(expected);
    }
}
