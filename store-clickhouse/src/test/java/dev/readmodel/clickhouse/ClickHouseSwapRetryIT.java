package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.internal.ClickHouseCalls;
import dev.readmodel.clickhouse.internal.ClickHouseSql;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.RebuildTarget;
import dev.readmodel.core.spi.WriteBatch;
import com.clickhouse.client.api.Client;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A zero-downtime swap that the server carried out but whose reply was lost is tried again by the engine;
 * the retry must leave the rebuilt table live (a second EXCHANGE would put the old one back, a second
 * RENAME would fail after dropping the old rows) and move the checkpoint.
 */
class ClickHouseSwapRetryIT {
    private static final ReadModel ITEMS = ReadModel.named("items").key("id").field("name", FieldType.KEYWORD).build();

    @Test
    void aSwapTriedAgainAfterTheServerDidItKeepsTheRebuiltTableLive() {
        ClickHouseConfig config = ClickHouseServer.freshDatabase();
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(config); Client client = config.client()) {
            store.prepare(List.of(ITEMS));
            store.commit(batch("old", 1));
            RebuildTarget rebuild = store.beginRebuild("catalog", List.of(ITEMS));
            rebuild.commit(batch("new", 7));

            // the first try of swap(), as the server ran it; its reply never reached the store
            String live = ClickHouseSql.table(config.database(), "items");
            String shadow = ClickHouseSql.table(config.database(), "items__shadow");
            String old = ClickHouseSql.table(config.database(), "items__old");
            new ClickHouseCalls(client).execute(store.dialect().exchangeTables()
                    ? "EXCHANGE TABLES " + live + " AND " + shadow
                    : "RENAME TABLE " + live + " TO " + old + ", " + shadow + " TO " + live, "the lost swap");

            rebuild.swap(); // the engine's retry

            assertThat(store.query(ITEMS, Query.all())).extracting(d -> d.string("name")).containsExactly("new");
            assertThat(store.checkpoint("catalog")).isEqualTo(7);
        }
    }

    private static WriteBatch batch(String name, long position) {
        return new WriteBatch("catalog", List.of(new DocumentWrite.Put(ITEMS, "a",
                ITEMS.conform("a", Document.of("name", name)), position)), position);
    }
}
