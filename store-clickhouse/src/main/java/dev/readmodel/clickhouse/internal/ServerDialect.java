package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.TransientStoreException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What the server offers, detected once per store: its version, the engine of the store's database and
 * whether server-side query parameters work. Current servers (20.x and later) get the modern forms:
 * {@code EXCHANGE TABLES} on Atomic databases, query parameters, {@code DateTime64(3, 'UTC')} timestamps
 * and {@code ReplacingMergeTree(_version, _deleted)}; 18.16 keeps the forms it accepts.
 *
 * @param version what {@code version()} answers, such as {@code 18.16.1} or {@code 26.7.2.1}
 * @param major the version's first number
 * @param minor the version's second number
 * @param databaseEngine the engine of the store's database, such as {@code Atomic} or {@code Ordinary}
 * @param queryParameters whether {@code {name:Type}} parameters are bound by the server
 */
public record ServerDialect(String version, int major, int minor, String databaseEngine, boolean queryParameters) {
    /** Asks the server; {@code database} must exist. */
    public static ServerDialect detect(ClickHouseCalls calls, String database) {
        String version = calls.version();
        String[] parts = version.split("\\.");
        int major = parts.length > 0 && parts[0].matches("\\d+") ? Integer.parseInt(parts[0]) : 0;
        int minor = parts.length > 1 && parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : 0;
        List<JsonNode> engine = calls.rows("SELECT engine FROM system.databases WHERE name = " + ClickHouseSql.string(database)
                + " FORMAT JSONEachRow", Map.of(), "Reading the engine of database [" + database + "]");
        return new ServerDialect(version, major, minor, engine.isEmpty() ? "" : engine.get(0).path("engine").asText(),
                major >= 20 && parametersWork(calls));
    }

    private static boolean parametersWork(ClickHouseCalls calls) {
        try {
            List<JsonNode> rows = calls.rows("SELECT {probe:UInt8} AS probe FORMAT JSONEachRow", Map.of("probe", "7"),
                    "Probing query parameters");
            return rows.size() == 1 && rows.get(0).path("probe").asInt() == 7;
        } catch (TransientStoreException e) {
            throw e; // the server could not be asked: a guess would last the store's life
        } catch (ReadModelException e) {
            return false; // refused: the store writes literals instead
        }
    }

    /**
     * Whether tables are swapped by {@code EXCHANGE TABLES}, atomic on Atomic databases. On an Ordinary
     * database (18.16's only kind) a multi-table {@code RENAME} is atomic instead; on Atomic it is not.
     */
    public boolean exchangeTables() {
        return databaseEngine.equals("Atomic") || databaseEngine.equals("Replicated");
    }

    /** Whether new tables keep timestamps as {@code DateTime64(3, 'UTC')} (from 20.1) rather than Int64 milliseconds. */
    public boolean dateTime64() {
        return major >= 20;
    }

    /** Whether {@code ReplacingMergeTree} takes the {@code _deleted} column (from 23.2), so FINAL leaves tombstones out. */
    public boolean replacingWithDeleted() {
        return major > 23 || major == 23 && minor >= 2;
    }

    /** Values as server-side parameters where they work, else as escaped literals. */
    public SqlValues values() {
        return queryParameters ? SqlValues.asParameters() : SqlValues.asLiterals();
    }
}
