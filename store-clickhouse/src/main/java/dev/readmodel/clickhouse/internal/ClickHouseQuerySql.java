package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.Aggregation;
import dev.readmodel.core.FieldType;
import dev.readmodel.core.Filter;
import dev.readmodel.core.Metric;
import dev.readmodel.core.Query;
import dev.readmodel.core.ReadModel;
import dev.readmodel.core.SortOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Checked queries and aggregations as ClickHouse SQL over {@code FINAL} rows that are not deleted.
 * Field names come only from the declaration; values only as escaped literals of the field's type.
 */
public final class ClickHouseQuerySql {
    private ClickHouseQuerySql() {
    }

    public static String query(ClickHouseTable table, Query query) {
        ReadModel model = table.model();
        StringBuilder sql = new StringBuilder("SELECT " + table.columns() + " FROM " + table.qualified() + " FINAL");
        where(sql, model, query.filters());
        sql.append(" ORDER BY ");
        for (SortOrder order : query.orderBy()) {
            sql.append(ClickHouseSql.name(order.field())).append(order.descending() ? " DESC" : " ASC").append(" NULLS LAST, ");
        }
        sql.append(ClickHouseSql.name(model.keyField())).append(" ASC LIMIT ").append(query.offset()).append(", ")
                .append(query.limit()).append(" FORMAT JSONEachRow");
        return sql.toString();
    }

    public static String aggregate(ClickHouseTable table, Aggregation aggregation) {
        ReadModel model = table.model();
        List<String> select = new ArrayList<>();
        aggregation.groupBy().forEach(field -> select.add(ClickHouseSql.name(field)));
        for (Metric metric : aggregation.metrics()) {
            String expression = metric instanceof Metric.Sum sum ? "sum(" + ClickHouseSql.name(sum.field()) + ")" : "count()";
            select.add(expression + " AS " + ClickHouseSql.name(metric.alias()));
        }
        StringBuilder sql = new StringBuilder("SELECT " + String.join(", ", select) + " FROM " + table.qualified() + " FINAL");
        where(sql, model, aggregation.filters());
        if (!aggregation.groupBy().isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", aggregation.groupBy().stream().map(ClickHouseSql::name).toList()));
        }
        List<String> order = new ArrayList<>();
        for (SortOrder term : aggregation.orderBy()) {
            order.add(ClickHouseSql.name(term.field()) + (term.descending() ? " DESC" : " ASC") + " NULLS LAST");
        }
        aggregation.groupBy().forEach(field -> order.add(ClickHouseSql.name(field) + " ASC NULLS LAST"));
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        sql.append(" LIMIT ").append(aggregation.limit()).append(" FORMAT JSONEachRow");
        return sql.toString();
    }

    private static void where(StringBuilder sql, ReadModel model, List<Filter> filters) {
        sql.append(" WHERE ").append(ClickHouseTable.DELETED).append(" = 0");
        for (Filter filter : filters) {
            sql.append(" AND ").append(condition(model, filter));
        }
    }

    private static String condition(ReadModel model, Filter filter) {
        FieldType type = model.typeOf(filter.field());
        String column = ClickHouseSql.name(filter.field());
        if (type == FieldType.KEYWORD_LIST) {
            if (filter instanceof Filter.Equals eq) {
                return eq.value() == null ? "empty(" + column + ")" : "has(" + column + ", " + ClickHouseSql.string(eq.value().toString()) + ")";
            }
            return "hasAny(" + column + ", " + ClickHouseSql.array(FieldType.KEYWORD, ((Filter.In) filter).values()) + ")";
        }
        if (filter instanceof Filter.Equals eq) {
            return eq.value() == null ? "isNull(" + column + ")" : column + " = " + ClickHouseSql.literal(type, eq.value());
        }
        if (filter instanceof Filter.In in) {
            return column + " IN (" + String.join(", ", in.values().stream().map(v -> ClickHouseSql.literal(type, v)).toList()) + ")";
        }
        Filter.Range range = (Filter.Range) filter;
        List<String> bounds = new ArrayList<>();
        if (range.lower() != null) {
            bounds.add(column + (range.lowerInclusive() ? " >= " : " > ") + ClickHouseSql.literal(type, range.lower()));
        }
        if (range.upper() != null) {
            bounds.add(column + (range.upperInclusive() ? " <= " : " < ") + ClickHouseSql.literal(type, range.upper()));
        }
        return "(" + String.join(" AND ", bounds) + ")";
    }
}
