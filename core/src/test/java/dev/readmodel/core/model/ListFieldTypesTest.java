package dev.readmodel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Filters;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list types of every scalar: coercion item by item, what a query may do with them. */
class ListFieldTypesTest {
    static final List<FieldType> NEW_LISTS = List.of(FieldType.LONG_LIST, FieldType.DOUBLE_LIST, FieldType.DECIMAL_LIST,
            FieldType.BOOLEAN_LIST, FieldType.TIMESTAMP_LIST, FieldType.DATE_LIST);

    static final ReadModel LISTS = ReadModel.named("lists").key("id")
            .field("longs", FieldType.LONG_LIST).field("doubles", FieldType.DOUBLE_LIST)
            .field("decimals", FieldType.DECIMAL_LIST).field("flags", FieldType.BOOLEAN_LIST)
            .field("times", FieldType.TIMESTAMP_LIST).field("days", FieldType.DATE_LIST).build();

    @Test
    void everyListTypeNamesItsElementType() {
        assertThat(NEW_LISTS.stream().map(FieldType::elementType)).containsExactly(FieldType.LONG, FieldType.DOUBLE,
                FieldType.DECIMAL, FieldType.BOOLEAN, FieldType.TIMESTAMP, FieldType.DATE);
        assertThat(FieldType.KEYWORD_LIST.elementType()).isEqualTo(FieldType.KEYWORD);
        assertThat(FieldType.LONG.elementType()).isEqualTo(FieldType.LONG);
        assertThat(NEW_LISTS).allSatisfy(type -> assertThat(type.isList()).isTrue());
        assertThat(FieldType.LONG.isList()).isFalse();
    }

    @Test
    void coercesEachItemAsItsScalarTypeDoes() {
        assertThat(FieldType.LONG_LIST.coerce(List.of(1, "2", 3L))).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(FieldType.DOUBLE_LIST.coerce(List.of(1, "2.5", -0.0))).isEqualTo(List.of(1.0, 2.5, 0.0));
        assertThat(FieldType.DECIMAL_LIST.coerce(List.of("19.99", 2L))).isEqualTo(List.of(new BigDecimal("19.99"),
                new BigDecimal("2")));
        assertThat(FieldType.BOOLEAN_LIST.coerce(List.of("true", false))).isEqualTo(List.of(true, false));
        assertThat(FieldType.TIMESTAMP_LIST.coerce(List.of("2026-01-02T03:04:05.678999Z")))
                .isEqualTo(List.of(Instant.parse("2026-01-02T03:04:05.678Z")));
        assertThat(FieldType.DATE_LIST.coerce(List.of("2026-02-28"))).isEqualTo(List.of(LocalDate.parse("2026-02-28")));
        assertThat(FieldType.LONG_LIST.coerce(5)).isEqualTo(List.of(5L));
        assertThat(FieldType.LONG_LIST.coerce(null)).isNull();
    }

    @Test
    void refusesItemsTheirScalarTypeRefuses() {
        assertThatThrownBy(() -> FieldType.LONG_LIST.coerce(List.of(1L, 1.5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1.5]").hasMessageContaining("LONG");
        assertThatThrownBy(() -> FieldType.DOUBLE_LIST.coerce(List.of(Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> FieldType.BOOLEAN_LIST.coerce(List.of("yes"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[yes]");
        assertThatThrownBy(() -> FieldType.DATE_LIST.coerce(Arrays.asList(LocalDate.EPOCH, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains null");
        assertThatThrownBy(() -> FieldType.LONG_LIST.coerce(List.of(List.of(1L))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a list");
    }

    @Test
    void filtersMatchListsContainingTheValueConvertedToTheElementType() {
        Query checked = LISTS.check(Query.builder().where(Filter.eq("longs", "7"), Filter.in("days", List.of("2026-01-01")),
                Filter.eq("decimals", "1.5")).build());

        assertThat(checked.filters()).containsExactly(Filter.eq("longs", 7L),
                Filter.in("days", List.of(LocalDate.parse("2026-01-01"))), Filter.eq("decimals", new BigDecimal("1.5")));
        Document document = LISTS.conform("a", Document.of("longs", List.of(3L, 7L), "days", List.of("2026-01-01"),
                "decimals", List.of(new BigDecimal("1.50"))));
        assertThat(Filters.matches(checked.filters(), document)).isTrue();
    }

    @Test
    void documentsCompareDecimalListsByValue() {
        Document a = Document.of("decimals", List.of(new BigDecimal("1.50"), new BigDecimal("100")));
        Document b = Document.of("decimals", List.of(new BigDecimal("1.5"), new BigDecimal("1E+2")));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Document.of("decimals", List.of(new BigDecimal("1.5"))));
        assertThat(a).isNotEqualTo(Document.of("decimals", List.of(new BigDecimal("100"), new BigDecimal("1.5"))));
    }

    @Test
    void holdsFilterValuesToTheScalarBounds() {
        assertRefused(Query.builder().where(Filter.eq("days", "2200-01-01")).build(), "[days]", "dates are from");
        assertRefused(Query.builder().where(Filter.eq("decimals", "0.0000001")).build(), "[decimals]", "digits after");
        assertRefused(Query.builder().where(Filter.eq("flags", "maybe")).build(), "[flags]", "BOOLEAN");
    }

    @Test
    void refusesRangesSortsGroupsSumsAndFacetsOnListsNamingFieldAndOperation() {
        for (String field : List.of("longs", "doubles", "decimals", "flags", "times", "days")) {
            assertRefused(Query.builder().where(Filter.gt(field, "1")).build(), "Range filter on [" + field + "]", "no order");
            assertRefused(Query.builder().orderBy(field).build(), "order", "[" + field + "]");
            assertThatThrownBy(() -> LISTS.check(Aggregation.builder().count("n").groupBy(field).build()))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("group").hasMessageContaining("[" + field + "]");
            assertThatThrownBy(() -> LISTS.check(Aggregation.builder().sum(field, "s").build()))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("sum").hasMessageContaining("[" + field + "]");
            assertThatThrownBy(() -> LISTS.check(SearchQuery.matching("").facets(field).build()))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("facet").hasMessageContaining("[" + field + "]");
        }
    }

    private static void assertRefused(Query query, String... parts) {
        assertThatThrownBy(() -> LISTS.check(query)).isInstanceOf(InvalidQueryException.class).satisfies(e -> {
            for (String part : parts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }
}
