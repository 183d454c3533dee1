package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.model.FieldType;

/** How a field's values are held in its column, which decides how a value is written into SQL. */
public enum ColumnKind {
    STRING("String"),
    INT64("Int64"),
    /** A timestamp as Int64 milliseconds since the epoch: tables made on 18.16, which has no DateTime64. */
    MILLIS("Int64"),
    FLOAT64("Float64"),
    DECIMAL("Decimal(38, " + ClickHouseSql.DECIMAL_SCALE + ")"),
    UINT8("UInt8"),
    DATE("Date"),
    /** A timestamp as {@code DateTime64(3, 'UTC')}: tables made on current servers. */
    DATETIME64("DateTime64(3, 'UTC')");

    private final String sqlType;

    ColumnKind(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The ClickHouse type of a value of this kind, for parameters. */
    public String sqlType() {
        return sqlType;
    }

    /** The kind of a field's values (a list's items for the list types). */
    public static ColumnKind of(FieldType type, boolean dateTime64) {
        return switch (type) {
            case KEYWORD, TEXT, KEYWORD_LIST -> STRING;
            case LONG, LONG_LIST -> INT64;
            case TIMESTAMP, TIMESTAMP_LIST -> dateTime64 ? DATETIME64 : MILLIS;
            case DOUBLE, DOUBLE_LIST -> FLOAT64;
            case DECIMAL, DECIMAL_LIST -> DECIMAL;
            case BOOLEAN, BOOLEAN_LIST -> UINT8;
            case DATE, DATE_LIST -> DATE;
        };
    }
}
