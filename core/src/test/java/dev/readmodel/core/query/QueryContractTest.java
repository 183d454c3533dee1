package dev.readmodel.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class QueryContractTest {
    /** The orders model the query and document tests share. */
    public static final ReadModel ORDERS = ReadModel.named("orders")
            .key("order_id")
            .field("status", FieldType.KEYWORD)
            .field("total", FieldType.DECIMAL)
            .field("items", FieldType.LONG)
            .field("note", FieldType.TEXT)
            .field("created_at", FieldType.TIMESTAMP)
            .field("tags", FieldType.KEYWORD_LIST)
            .build();

    @Test
    void unknownFieldInFilterIsNamedWithTheDeclaredFields() {
        Query query = Query.builder().where(Filter.eq("statuss", "paid")).build();
        assertThatThrownBy(() -> ORDERS.check(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("Unknown field [statuss]")
                .hasMessageContaining("[orders]")
                .hasMessageContaining("status");
    }

    @Test
    void unknownFieldInOrderByIsRejected() {
        Query query = Query.builder().orderBy("-totl").build();
        assertThatThrownBy(() -> ORDERS.check(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("[totl]").hasMessageContaining("order by");
    }

    @Test
    void injectionAttemptsInFieldNamesAreUnknownFields() {
        for (String hostile : List.of("status; DROP TABLE orders", "status\"--", "1=1 OR status", "-- ")) {
            Query query = Query.builder().where(Filter.eq(hostile, "x")).build();
            assertThatThrownBy(() -> ORDERS.check(query)).isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Unknown field");
        }
    }

    @Test
    void negativeOrAbsurdLimitsAndOffsetsAreRejected() {
        assertThatThrownBy(() -> Query.builder().limit(-1).build()).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("limit [-1]");
        assertThatThrownBy(() -> Query.builder().limit(Query.MAX_LIMIT + 1).build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("10000");
        assertThatThrownBy(() -> Query.builder().offset(-5).build()).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("offset [-5]");
        assertThat(Query.all().limit()).isEqualTo(Query.DEFAULT_LIMIT);
    }

    @Test
    void filterValuesAreConvertedToTheFieldType() {
        Query checked = ORDERS.check(Query.builder()
                .where(Filter.gte("total", "10.50"), Filter.in("items", List.of("1", 2)),
                        Filter.lt("created_at", "2024-03-01T00:00:00Z"))
                .build());
        assertThat(((Filter.Range) checked.filters().get(0)).lower()).isEqualTo(new BigDecimal("10.50"));
        assertThat(((Filter.In) checked.filters().get(1)).values()).containsExactly(1L, 2L);
        assertThat(((Filter.Range) checked.filters().get(2)).upper()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    }

    @Test
    void valuesThatDoNotFitTheTypeAreNamed() {
        assertThatThrownBy(() -> ORDERS.check(Query.builder().where(Filter.gte("total", "ten")).build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("[total]").hasMessageContaining("[ten]");
        assertThatThrownBy(() -> ORDERS.check(Query.builder().where(Filter.eq("created_at", "yesterday")).build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("yesterday");
    }

    @Test
    void rangesOnUnorderedFieldsAndSortingOnTextAreRejected() {
        assertThatThrownBy(() -> ORDERS.check(Query.builder().where(Filter.gt("note", "a")).build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("TEXT");
        assertThatThrownBy(() -> ORDERS.check(Query.builder().orderBy("note").build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("not sortable");
        assertThatThrownBy(() -> ORDERS.check(Query.builder().orderBy("total", "-total").build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("twice");
    }

    @Test
    void textFiltersParseEveryOperatorAndRejectUnknownOnes() {
        assertThat(Filter.parse("status=paid")).isEqualTo(Filter.eq("status", "paid"));
        assertThat(Filter.parse("status:in=paid,open")).isEqualTo(Filter.in("status", List.of("paid", "open")));
        assertThat(Filter.parse("total:gte=10")).isEqualTo(Filter.gte("total", "10"));
        assertThat(Filter.parse("total:lt=10")).isEqualTo(Filter.lt("total", "10"));
        assertThat(Filter.parse("note=a=b")).isEqualTo(Filter.eq("note", "a=b"));
        assertThatThrownBy(() -> Filter.parse("total:like=1")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("Unknown operator [like]").hasMessageContaining("gte");
        assertThatThrownBy(() -> Filter.parse("total")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("[total]");
        assertThatThrownBy(() -> Filter.in("status", List.of())).isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void aggregationsAreCheckedAgainstTheDeclaration() {
        Aggregation ok = ORDERS.check(Aggregation.builder().groupBy("status").count("n").sum("total", "revenue")
                .where(Filter.gte("items", "2")).orderBy("-revenue").build());
        assertThat(((Filter.Range) ok.filters().get(0)).lower()).isEqualTo(2L);
        assertThatThrownBy(() -> ORDERS.check(Aggregation.builder().groupBy("colour").count("n").build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("Unknown field [colour]");
        assertThatThrownBy(() -> ORDERS.check(Aggregation.builder().groupBy("note").count("n").build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("cannot be grouped");
        assertThatThrownBy(() -> ORDERS.check(Aggregation.builder().sum("status", "s").build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ORDERS.check(Aggregation.builder().groupBy("status").count("status").build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("used twice");
        assertThatThrownBy(() -> ORDERS.check(Aggregation.builder().count("n").orderBy("total").build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("order by a group field or a metric alias");
        assertThatThrownBy(() -> Aggregation.builder().groupBy("status").build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("at least one metric");
        assertThatThrownBy(() -> Aggregation.builder().count("n").limit(0).build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("limit [0]");
        assertThatThrownBy(() -> Aggregation.builder().count("N; drop").build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("metric alias");
    }

    @Test
    void orderTermsParseTheDescendingPrefix() {
        assertThat(SortOrder.parse("-total")).isEqualTo(new SortOrder("total", true));
        assertThat(SortOrder.parse("total")).isEqualTo(new SortOrder("total", false));
        assertThatThrownBy(() -> SortOrder.parse("-")).isInstanceOf(InvalidQueryException.class);
    }
}
