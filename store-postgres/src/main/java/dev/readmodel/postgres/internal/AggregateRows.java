package dev.readmodel.postgres.internal;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Metric;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the rows of an aggregation's SQL ({@link QuerySql#of(DocumentTable, Aggregation)}) back as documents. */
public final class AggregateRows {
    private AggregateRows() {
    }

    /** The current row as one group: the group fields, then each metric under its alias; NULLs left out. */
    public static Document group(ReadModel model, Aggregation aggregation, ResultSet rs) throws SQLException {
        Map<String, Object> fields = new LinkedHashMap<>();
        int column = 1;
        for (String field : aggregation.groupBy()) {
            Object value = ColumnTypes.read(rs, column++, model.typeOf(field));
            if (value != null) {
                fields.put(field, value);
            }
        }
        for (Metric metric : aggregation.metrics()) {
            if (metric instanceof Metric.Sum sum) {
                // sum(bigint) is numeric in PostgreSQL: read it back as the field's own type
                FieldType type = model.typeOf(sum.field());
                Object value = type == FieldType.LONG ? rs.getBigDecimal(column) : ColumnTypes.read(rs, column, type);
                column++;
                if (value != null) {
                    fields.put(metric.alias(), type == FieldType.LONG ? ((BigDecimal) value).longValueExact() : value);
                }
            } else {
                fields.put(metric.alias(), rs.getLong(column++));
            }
        }
        return Document.of(fields);
    }
}
