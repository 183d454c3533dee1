package dev.readmodel.postgres.internal;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Metric;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SortOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A checked query as SQL: field names only from the read model's declaration (quoted), every value a
 * bound parameter. Nulls sort last in both directions and ties break on the key, as in memory.
 */
public final class QuerySql {
    private final String sql;
    private final List<Object> params;

    private QuerySql(String sql, List<Object> params) {
        this.sql = sql;
        this.params = params;
    }

    public static QuerySql of(DocumentTable table, Query query) {
        ReadModel model = table.model();
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + table.columns() + " FROM " + table.qualified());
        List<String> conditions = new ArrayList<>();
        for (Filter filter : query.filters()) {
            conditions.add(condition(model, filter, params));
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        sql.append(" ORDER BY ");
        for (SortOrder order : query.orderBy()) {
            sql.append(SqlNames.quote(order.field())).append(order.descending() ? " DESC" : " ASC").append(" NULLS LAST, ");
        }
        sql.append(SqlNames.quote(model.keyField())).append(" ASC LIMIT ? OFFSET ?");
        params.add(query.limit());
        params.add(query.offset());
        return new QuerySql(sql.toString(), params);
    }

    /**
     * The keys of at most {@code limit} rows that match the checked {@code filters}, in key order: the id
     * look-up of a set-based write, served by the primary key index when there are no filters or the
     * filtered columns are indexed.
     */
    public static QuerySql ids(DocumentTable table, List<Filter> filters, int limit) {
        ReadModel model = table.model();
        List<Object> params = new ArrayList<>();
        String key = SqlNames.quote(model.keyField());
        StringBuilder sql = new StringBuilder("SELECT " + key + " FROM " + table.qualified());
        List<String> conditions = new ArrayList<>();
        for (Filter filter : filters) {
            conditions.add(condition(model, filter, params));
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        sql.append(" ORDER BY ").append(key).append(" ASC LIMIT ?");
        params.add(limit);
        return new QuerySql(sql.toString(), params);
    }

    /** A checked aggregation as SQL: GROUP BY the group fields, metrics as count(*) and sum(column). */
    public static QuerySql of(DocumentTable table, Aggregation aggregation) {
        ReadModel model = table.model();
        List<Object> params = new ArrayList<>();
        List<String> select = new ArrayList<>();
        aggregation.groupBy().forEach(field -> select.add(SqlNames.quote(field)));
        for (Metric metric : aggregation.metrics()) {
            String expression = metric instanceof Metric.Sum sum ? "sum(" + SqlNames.quote(sum.field()) + ")" : "count(*)";
            select.add(expression + " AS " + SqlNames.quote(metric.alias()));
        }
        StringBuilder sql = new StringBuilder("SELECT " + String.join(", ", select) + " FROM " + table.qualified());
        List<String> conditions = new ArrayList<>();
        for (Filter filter : aggregation.filters()) {
            conditions.add(condition(model, filter, params));
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        if (!aggregation.groupBy().isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", aggregation.groupBy().stream().map(SqlNames::quote).toList()));
        }
        List<String> order = new ArrayList<>();
        for (SortOrder term : aggregation.orderBy()) {
            order.add(SqlNames.quote(term.field()) + (term.descending() ? " DESC" : " ASC") + " NULLS LAST");
        }
        aggregation.groupBy().forEach(field -> order.add(SqlNames.quote(field) + " ASC NULLS LAST"));
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        sql.append(" LIMIT ?");
        params.add(aggregation.limit());
        return new QuerySql(sql.toString(), params);
    }

    private static String condition(ReadModel model, Filter filter, List<Object> params) {
        FieldType type = model.typeOf(filter.field());
        String column = SqlNames.quote(filter.field());
        boolean list = type.isList();
        String cast = ColumnTypes.cast(type.elementType());
        if (filter instanceof Filter.Equals eq) {
            if (eq.value() == null) {
                return column + " IS NULL";
            }
            params.add(bound(model, filter, eq.value()));
            return list ? "?::" + cast + " = ANY(" + column + ")" : column + " = ?::" + cast;
        }
        if (filter instanceof Filter.In in) {
            params.add(in.values().stream().map(value -> bound(model, filter, value)).toArray(String[]::new));
            return list ? column + " && ?::" + cast + "[]" : column + " = ANY(?::" + cast + "[])";
        }
        Filter.Range range = (Filter.Range) filter;
        List<String> bounds = new ArrayList<>();
        if (range.lower() != null) {
            params.add(bound(model, filter, range.lower()));
            bounds.add(column + (range.lowerInclusive() ? " >= ?::" : " > ?::") + cast);
        }
        if (range.upper() != null) {
            params.add(bound(model, filter, range.upper()));
            bounds.add(column + (range.upperInclusive() ? " <= ?::" : " < ?::") + cast);
        }
        return String.join(" AND ", bounds);
    }

    /** The statement with every parameter bound. */
    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            if (param instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("text", array));
            } else if (param instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else {
                statement.setString(i + 1, (String) param);
            }
        }
        return statement;
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs the statement on {@code connection} and reads every row of its result, in order. */
    public <T> List<T> rows(Connection connection, RowReader<T> reader) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
        }
        return rows;
    }

    /** The SQL text, with placeholders; for logs and tests. */
    public String sql() {
        return sql;
    }

    /** A filter value as bound text; PostgreSQL text cannot hold NUL, so a value with one is refused, naming the field. */
    private static String bound(ReadModel model, Filter filter, Object value) {
        String text = ColumnTypes.text(value);
        if (text != null && text.indexOf('\0') >= 0) {
            throw new InvalidQueryException("Filter on field [" + filter.field() + "] of read model [" + model.name()
                    + "]: the value contains the NUL character (U+0000), which PostgreSQL text cannot hold,"
                    + " so no document can match it");
        }
        return text;
    }
}
