package dev.readmodel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The bounds every filter value, search text, alias and page is held to before any store sees it. */
class QueryValuesTest {
    static final ReadModel ITEMS = ReadModel.named("items")
            .key("id")
            .field("name", FieldType.KEYWORD)
            .field("title", FieldType.TEXT)
            .field("qty", FieldType.LONG)
            .field("score", FieldType.DOUBLE)
            .field("price", FieldType.DECIMAL)
            .field("at", FieldType.TIMESTAMP)
            .field("day", FieldType.DATE)
            .field("tags", FieldType.KEYWORD_LIST)
            .build();

    private static Query check(Filter... filters) {
        return ITEMS.check(Query.builder().where(filters).build());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(Filter filter) {
        return assertThatThrownBy(() -> check(filter)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("[" + filter.field() + "]").hasMessageContaining("[items]");
    }

    @Test
    void stringsAreAtMostTheLongestValueAndTheMessageShowsTheValueShortened() {
        String longest = "x".repeat(Query.MAX_STRING_LENGTH);
        assertThat(((Filter.Equals) check(Filter.eq("name", longest)).filters().get(0)).value()).isEqualTo(longest);
        String mib = "y".repeat(1 << 20);
        for (Filter filter : List.of(Filter.eq("name", mib), Filter.eq("title", mib), Filter.eq("tags", mib),
                Filter.in("name", List.of("a", mib)))) {
            refused(filter).hasMessageContaining("at most 8191 characters").hasMessageContaining("1048576 characters")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
        }
    }

    @Test
    void stringRangeBoundsHaveTheSmallerLimit() {
        String bound = "é".repeat(Query.MAX_RANGE_BOUND_LENGTH);
        assertThat(((Filter.Range) check(Filter.gt("name", bound)).filters().get(0)).lower()).isEqualTo(bound);
        refused(Filter.gte("name", bound + "é")).hasMessageContaining("range bounds on strings are at most 256");
        refused(Filter.lt("name", "z".repeat(3_000))).hasMessageContaining("range bounds");
        assertThat(check(Filter.eq("name", "z".repeat(3_000))).filters()).hasSize(1);
    }

    @Test
    void nulAndUnpairedSurrogatesAreRefusedAndPairsAreFine() {
        refused(Filter.eq("name", "a\0b")).hasMessageContaining("NUL").hasMessageContaining("a\\u0000b");
        refused(Filter.eq("tags", "x\uD83D")).hasMessageContaining("unpaired surrogate at index 1");
        refused(Filter.lt("name", "\uDE80x")).hasMessageContaining("unpaired surrogate at index 0");
        assertThat(check(Filter.eq("name", "rocket \uD83D\uDE80")).filters()).hasSize(1);
    }

    @Test
    void aQueryCarriesBoundedValuesAndCharacters() {
        List<Object> many = new ArrayList<>(Collections.nCopies(Query.MAX_VALUES, "v"));
        assertThat(check(Filter.in("name", many)).filters()).hasSize(1);
        refused(Filter.in("name", new ArrayList<>(Collections.nCopies(Query.MAX_VALUES + 1, 7)))).hasMessageContaining("1024 values");
        assertThatThrownBy(() -> check(Filter.in("name", many), Filter.eq("qty", 1)))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("[qty]");
        String big = "b".repeat(8_000);
        refused(Filter.in("name", List.of(big, big, big, big, big))).hasMessageContaining("32768 characters together");
    }

    @Test
    void timestampsAreWithinWhatEveryStoreHolds() {
        assertThat(check(Filter.gte("at", "1900-01-01T00:00:00Z"), Filter.lte("at", "2299-12-31T23:59:59.999Z")).filters())
                .hasSize(2);
        for (Object edge : List.of("+292278994-08-17T07:12:55.807Z", "-292275055-05-16T16:47:04.192Z", "0000-01-01T00:00:00Z",
                "1899-12-31T23:59:59.999Z", "2300-01-01T00:00:00Z", Instant.MAX, Instant.MIN)) {
            refused(Filter.gt("at", edge)).hasMessageContaining("timestamps are from 1900-01-01T00:00:00Z to 2299-12-31T23:59:59.999Z");
            refused(Filter.eq("at", edge)).hasMessageContaining("timestamps are from");
        }
    }

    @Test
    void datesAreWithinWhatEveryStoreHolds() {
        assertThat(check(Filter.between("day", "1970-01-01", "2105-12-31")).filters()).hasSize(1);
        for (Object edge : List.of("1969-12-31", "2106-01-01", "2149-06-06", "0000-01-01", LocalDate.MAX, LocalDate.MIN)) {
            refused(Filter.lt("day", edge)).hasMessageContaining("dates are from 1970-01-01 to 2105-12-31");
        }
    }

    @Test
    void decimalsFitDecimal38Scale6AndAreNeverRounded() {
        String largest = "9".repeat(32) + ".999999";
        assertThat(check(Filter.lte("price", largest), Filter.gte("price", "-" + largest), Filter.eq("price", "1.500000000"),
                Filter.eq("price", 0.1)).filters()).hasSize(4);
        refused(Filter.eq("price", "1.0000001")).hasMessageContaining("at most 6 digits after the point")
                .hasMessageContaining("not rounded");
        for (Object huge : List.of("1e400", "1" + "0".repeat(43), "1e32", "-1e32", new BigDecimal("1e32"))) {
            refused(Filter.gt("price", huge)).hasMessageContaining("less than 10^32");
        }
        refused(Filter.eq("price", "1e-400")).hasMessageContaining("digits after the point");
    }

    @Test
    void doublesAreFiniteAndNegativeZeroIsZero() {
        for (Object notFinite : List.of("NaN", "Infinity", "-Infinity", Double.NaN, Double.POSITIVE_INFINITY)) {
            refused(Filter.gt("score", notFinite)).hasMessageContaining("finite");
        }
        refused(Filter.eq("score", Double.MIN_VALUE)).hasMessageContaining("subnormal");
        refused(Filter.lt("score", -Double.MIN_NORMAL / 2)).hasMessageContaining("subnormal");
        assertThat(check(Filter.gt("score", Double.MIN_NORMAL)).filters()).hasSize(1);
        assertThat(((Filter.Equals) check(Filter.eq("score", -0.0)).filters().get(0)).value()).isEqualTo(0.0);
        Object written = ITEMS.conform("x", Document.of("score", -0.0)).get("score");
        assertThat(Double.doubleToRawLongBits((Double) written)).as("a document's -0.0 is 0.0 too").isZero();
        assertThat(check(Filter.between("score", -Double.MAX_VALUE, Double.MAX_VALUE)).filters()).hasSize(1);
    }

    @Test
    void longsFollowTheExistingCoercion() {
        assertThat(check(Filter.between("qty", Long.MIN_VALUE, Long.MAX_VALUE)).filters()).hasSize(1);
        refused(Filter.eq("qty", "9223372036854775808")).hasMessageContaining("not a valid LONG");
        refused(Filter.eq("qty", 1.5)).hasMessageContaining("not a valid LONG");
    }

    @Test
    void aggregationFiltersAreHeldToTheSameBounds() {
        assertThatThrownBy(() -> ITEMS.check(Aggregation.builder().count("n").where(Filter.eq("name", "x".repeat(9_000)))
                .build())).isInstanceOf(InvalidQueryException.class).hasMessageContaining("at most 8191");
    }

    @Test
    void metricAliasesAreIdentifiersAndAHostileOneIsAnInvalidQuery() {
        for (String alias : List.of("n; DROP TABLE items", "`n`", "N", "", "a__n", "x".repeat(49), "1n", "n-1")) {
            assertThatThrownBy(() -> Metric.count(alias)).as(alias).isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Invalid metric alias");
            assertThatThrownBy(() -> Metric.sum("qty", alias)).isInstanceOf(InvalidQueryException.class);
        }
        assertThatThrownBy(() -> Metric.count(null)).isInstanceOf(InvalidQueryException.class);
        assertThat(Metric.sum("qty", "units_2").alias()).isEqualTo("units_2");
    }

    @Test
    void searchTextWithoutWordsIsRefusedAndEmptyTextMatchesEverything() {
        for (String text : List.of("*", "?", "*:*", " -- ", "!!! ???", "\"\"", "()", "🚀")) {
            assertThatThrownBy(() -> SearchQuery.matching(text).in("title", 1).build()).as(text)
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("has no words");
        }
        assertThatThrownBy(() -> SearchQuery.matching("a\0b").in("title", 1).build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> SearchQuery.matching("a\uD800").in("title", 1).build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("unpaired surrogate");
        assertThat(SearchQuery.matching("jacket*").in("title", 1).build().text()).isEqualTo("jacket*");
        assertThat(SearchQuery.matching("²").in("title", 1).build().text()).isEqualTo("²");
        assertThat(SearchQuery.matching("   ").build().text()).isEmpty();
    }

    @Test
    void searchFiltersAreHeldToTheSameBounds() {
        SearchQuery search = SearchQuery.matching("x").in("title", 1).where(Filter.lt("at", "9999-12-31T00:00:00Z")).build();
        assertThatThrownBy(() -> ITEMS.check(search)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("timestamps are from");
    }

    @Test
    void queriesInMessagesShowHugeValuesShortened() {
        String mib = "m".repeat(1 << 20);
        assertThat(Query.builder().where(Filter.eq("name", mib)).build().toString()).hasSizeLessThan(300)
                .contains("Equals[field=name").contains("characters)");
        assertThat(Aggregation.builder().count("n").where(Filter.in("name", List.of(mib))).build().toString())
                .hasSizeLessThan(300);
        assertThat(SearchQuery.matching("jacket").in("title", 1).where(Filter.eq("name", mib)).build().toString())
                .hasSizeLessThan(400).contains("text=jacket");
    }

    @Test
    void offsetPlusLimitIsAtMostTheWindowEveryStoreServes() {
        assertThat(Query.builder().offset(10_000).limit(Query.MAX_LIMIT).build().offset()).isEqualTo(10_000);
        assertThatThrownBy(() -> Query.builder().offset(10_001).limit(Query.MAX_LIMIT).build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("20000");
        assertThatThrownBy(() -> Query.builder().offset(Query.MAX_OFFSET + 1).limit(0).build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> SearchQuery.matching("").page(10, 19_995).build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("20000");
    }
}
