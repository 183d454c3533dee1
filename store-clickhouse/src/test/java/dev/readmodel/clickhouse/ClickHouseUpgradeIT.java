package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.internal.ClickHouseCalls;
import dev.readmodel.clickhouse.internal.ClickHouseSql;
import dev.readmodel.clickhouse.internal.ClickHouseTable;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.WriteBatch;
import com.clickhouse.client.api.Client;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A table made by an older readmodel on 18.16 (timestamps as Int64 milliseconds, no {@code _deleted} in
 * the engine) keeps working after the server is upgraded, and its next rebuild makes it in the layout
 * of the server it runs on.
 */
class ClickHouseUpgradeIT {
    private static final ReadModel VISITS = ReadModel.named("visits").key("id").field("at", FieldType.TIMESTAMP)
            .field("page", FieldType.KEYWORD).build();
    private static final Instant NOON = Instant.parse("2024-05-01T12:00:00.250Z");

    @Test
    void aTableOfTheOldLayoutIsReadWrittenAndFilteredAsItIsThenRebuiltInTheServersLayout() {
        ClickHouseConfig config = ClickHouseServer.freshDatabase();
        try (Client client = config.client()) {
            ClickHouseCalls calls = new ClickHouseCalls(client);
            calls.execute("CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.name(config.database()), "database");
            calls.execute(new ClickHouseTable(VISITS, config.database(), "visits", new ClickHouseTable.Layout(false, false))
                    .createSql(), "the table as 18.16 made it");
        }
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(config)) {
            store.prepare(List.of(VISITS));
            store.commit(batch(VISITS.conform("v1", Document.of("at", NOON, "page", "/a")),
                    VISITS.conform("v2", Document.of("at", NOON.plusSeconds(60), "page", "/b"))));
            Query afterNoon = Query.builder().where(Filter.gt("at", NOON)).build();
            assertThat(store.query(VISITS, afterNoon)).extracting(d -> d.string("id")).containsExactly("v2");
            assertThat(columnType(config, "at")).isEqualTo("Nullable(Int64)");

            RebuildTarget rebuilt = store.beginRebuild("visits", List.of(VISITS));
            rebuilt.commit(batch(VISITS.conform("v1", Document.of("at", NOON, "page", "/a")),
                    VISITS.conform("v2", Document.of("at", NOON.plusSeconds(60), "page", "/b"))));
            rebuilt.swap();
            assertThat(store.query(VISITS, afterNoon)).extracting(d -> d.get("at")).containsExactly(NOON.plusSeconds(60));
            assertThat(columnType(config, "at")).isEqualTo(store.dialect().dateTime64()
                    ? "Nullable(DateTime64(3, 'UTC'))" : "Nullable(Int64)");
        }
    }

    private static String columnType(ClickHouseConfig config, String column) {
        try (Client client = config.client()) {
            return new ClickHouseCalls(client).rows("SELECT type FROM system.columns WHERE database = "
                    + ClickHouseSql.string(config.database()) + " AND table = 'visits' AND name = "
                    + ClickHouseSql.string(column) + " FORMAT JSONEachRow", "column type").get(0).path("type").asText();
        }
    }

    private static WriteBatch batch(Document... documents) {
        List<DocumentWrite> writes = java.util.Arrays.stream(documents)
                .map(d -> (DocumentWrite) new DocumentWrite.Put(VISITS, d.string("id"), d, 1)).toList();
        return new WriteBatch("visits", writes, 1);
    }
}
