package dev.readmodel.clickhouse.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readmodel.core.FieldType;

/** Reading JSONEachRow values (64-bit integers arrive quoted) as field types' Java values. */
public final class ClickHouseValues {
    private ClickHouseValues() {
    }

    /** The value, or {@code null} for JSON null, a missing node or an empty array. */
    public static Object read(FieldType type, JsonNode node) {
        return ClickHouseTable.read(type, node);
    }
}
