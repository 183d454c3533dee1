package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SortOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checked queries and aggregations as ClickHouse SQL over {@code FINAL} rows that are not deleted.
 * Field names come only from the declaration; values go through {@link SqlValues}, after
 * {@link ColumnRange} has turned bounds the column cannot hold into their exact meaning.
 *
 * @param sql the statement
 * @param parameters the server-side parameters to send with it; empty on 18.16
 */
public record ClickHouseQuerySql(String sql, Map<String, Object> parameters) {
    /**
     * The alias of the {@code i}-th metric. Never a column name (column names cannot hold {@code #}), so
     * {@code sum(x) AS x} can never make {@code WHERE x} refer to the aggregate.
     */
    public static String metricAlias(int i) {
        return "metric#" + i;
    }

    /** The rows of a checked query. */
    public static ClickHouseQuerySql query(ClickHouseTable table, Query query, SqlValues values) {
        StringBuilder sql = new StringBuilder("SELECT " + table.columns() + " FROM " + table.qualified() + " FINAL");
        where(sql, table, query.filters(), values);
        sql.append(" ORDER BY ");
        for (SortOrder order : query.orderBy()) {
            sql.append(ClickHouseSql.name(order.field())).append(order.descending() ? " DESC" : " ASC").append(" NULLS LAST, ");
        }
        sql.append(ClickHouseSql.name(table.model().keyField())).append(" ASC LIMIT ").append(query.offset()).append(", ")
                .append(query.limit()).append(" FORMAT JSONEachRow");
        return new ClickHouseQuerySql(sql.toString(), values.parameters());
    }

    /**
     * The keys of at most {@code limit} live rows that match the checked {@code filters}, in key order:
     * the id look-up of a set-based write. {@code FINAL} makes the newest version of each key decide, so a
     * row whose older version matched is not found by it.
     */
    public static ClickHouseQuerySql ids(ClickHouseTable table, List<Filter> filters, int limit, SqlValues values) {
        String key = ClickHouseSql.name(table.model().keyField());
        StringBuilder sql = new StringBuilder("SELECT " + key + " FROM " + table.qualified() + " FINAL");
        where(sql, table, filters, values);
        sql.append(" ORDER BY ").append(key).append(" ASC LIMIT ").append(limit).append(" FORMAT JSONEachRow");
        return new ClickHouseQuerySql(sql.toString(), values.parameters());
    }

    /** The groups of a checked aggregation; metric {@code i} comes back under {@link #metricAlias}. */
    public static ClickHouseQuerySql aggregate(ClickHouseTable table, Aggregation aggregation, SqlValues values) {
        List<String> select = new ArrayList<>();
        aggregation.groupBy().forEach(field -> select.add(ClickHouseSql.name(field)));
        List<Metric> metrics = aggregation.metrics();
        for (int i = 0; i < metrics.size(); i++) {
            String expression = metrics.get(i) instanceof Metric.Sum sum ? "sum(" + ClickHouseSql.name(sum.field()) + ")" : "count()";
            select.add(expression + " AS `" + metricAlias(i) + "`");
        }
        StringBuilder sql = new StringBuilder("SELECT " + String.join(", ", select) + " FROM " + table.qualified() + " FINAL");
        where(sql, table, aggregation.filters(), values);
        if (!aggregation.groupBy().isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", aggregation.groupBy().stream().map(ClickHouseSql::name).toList()));
        }
        List<String> order = new ArrayList<>();
        for (SortOrder term : aggregation.orderBy()) {
            order.add(orderTerm(term.field(), metrics) + (term.descending() ? " DESC" : " ASC") + " NULLS LAST");
        }
        aggregation.groupBy().forEach(field -> order.add(ClickHouseSql.name(field) + " ASC NULLS LAST"));
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        sql.append(" LIMIT ").append(aggregation.limit()).append(" FORMAT JSONEachRow");
        return new ClickHouseQuerySql(sql.toString(), values.parameters());
    }

    private static String orderTerm(String name, List<Metric> metrics) {
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.get(i).alias().equals(name)) {
                return "`" + metricAlias(i) + "`";
            }
        }
        return ClickHouseSql.name(name); // a group field
    }

    private static void where(StringBuilder sql, ClickHouseTable table, List<Filter> filters, SqlValues values) {
        sql.append(" WHERE ").append(ClickHouseTable.DELETED).append(" = 0");
        for (Filter filter : filters) {
            sql.append(" AND ").append(condition(table, filter, values));
        }
    }

    private static String condition(ClickHouseTable table, Filter filter, SqlValues values) {
        String column = ClickHouseSql.name(filter.field());
        ColumnKind kind = table.kind(filter.field());
        ColumnRange range = ColumnRange.of(kind);
        if (table.model().typeOf(filter.field()).isList()) {
            // an item the column cannot hold is in no list: as for scalar columns, it matches nothing
            if (filter instanceof Filter.Equals eq) {
                return eq.value() == null ? "empty(" + column + ")" : !range.holds(eq.value()) ? "0"
                        : "has(" + column + ", " + values.value(kind, range.held(eq.value())) + ")";
            }
            List<Object> items = ((Filter.In) filter).values().stream().filter(range::holds).map(range::held).toList();
            return items.isEmpty() ? "0" : "hasAny(" + column + ", [" + String.join(", ",
                    items.stream().map(v -> values.value(kind, v)).toList()) + "])";
        }
        if (filter instanceof Filter.Equals eq) {
            if (eq.value() == null) {
                return "isNull(" + column + ")";
            }
            return range.holds(eq.value()) ? column + " = " + values.value(kind, range.held(eq.value())) : "0";
        }
        if (filter instanceof Filter.In in) {
            List<Object> held = in.values().stream().filter(range::holds).map(range::held).toList();
            if (held.isEmpty()) {
                return "0";
            }
            if (kind == ColumnKind.DECIMAL) {
                // 18.16 refuses Decimal128 values in IN against a Decimal(38, 6) column ("Type mismatch in IN")
                return "(" + String.join(" OR ", held.stream().map(v -> column + " = " + values.value(kind, v)).toList()) + ")";
            }
            return column + " IN " + values.list(kind, held);
        }
        Filter.Range between = (Filter.Range) filter;
        List<String> bounds = new ArrayList<>();
        if (between.lower() != null && !bound(bounds, column, ">", range.lower(between.lower(), between.lowerInclusive()), kind, values)) {
            return "0";
        }
        if (between.upper() != null && !bound(bounds, column, "<", range.upper(between.upper(), between.upperInclusive()), kind, values)) {
            return "0";
        }
        return bounds.isEmpty() ? "isNotNull(" + column + ")" : "(" + String.join(" AND ", bounds) + ")";
    }

    /** Adds the condition of one bound; false when no value the column holds meets it. */
    private static boolean bound(List<String> bounds, String column, String operator, ColumnRange.Edge edge, ColumnKind kind,
            SqlValues values) {
        if (edge instanceof ColumnRange.Edge.At at) {
            bounds.add(column + " " + operator + (at.inclusive() ? "= " : " ") + values.value(kind, at.value()));
            return true;
        }
        return edge instanceof ColumnRange.Edge.All;
    }
}
