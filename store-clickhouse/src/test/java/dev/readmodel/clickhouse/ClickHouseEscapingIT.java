package dev.readmodel.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.clickhouse.internal.ClickHouseCalls;
import dev.readmodel.clickhouse.internal.ClickHouseSql;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import com.clickhouse.client.api.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Without server-side parameters every value is a literal: random hostile strings must come back unchanged. */
class ClickHouseEscapingIT {
    private static final String NASTY = "'\"\\`-;/*%_?{}$\n\r\t\0\b\f é中🚀\u2028\u0001";

    private static String randomHostile(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i >= 0; i--) {
            text.append(random.nextInt(3) == 0 ? (char) ('a' + random.nextInt(26))
                    : NASTY.codePoints().skip(random.nextInt((int) NASTY.codePoints().count())).findFirst()
                            .stream().mapToObj(Character::toString).findFirst().orElse("x"));
        }
        return text.toString();
    }

    @Test
    void everyRandomHostileStringSurvivesAsALiteralAndAsAFilterValue() {
        ClickHouseConfig config = ClickHouseServer.freshDatabase();
        Random random = new Random(2026);
        try (Client client = config.client()) {
            ClickHouseCalls calls = new ClickHouseCalls(client);
            for (int round = 0; round < 20; round++) {
                List<String> values = new ArrayList<>();
                StringBuilder sql = new StringBuilder("SELECT ");
                for (int i = 0; i < 50; i++) {
                    String value = randomHostile(random);
                    values.add(value);
                    sql.append(i == 0 ? "" : ", ").append(ClickHouseSql.string(value)).append(" AS v").append(i);
                }
                var row = calls.rows(sql + " FORMAT JSONEachRow", "echo").get(0);
                for (int i = 0; i < values.size(); i++) {
                    assertThat(row.path("v" + i).asText()).as("literal %s", i).isEqualTo(values.get(i));
                }
            }
        }
        ReadModel notes = ReadModel.named("notes").key("id").field("text", FieldType.KEYWORD).build();
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(config)) {
            store.prepare(List.of(notes));
            List<DocumentWrite> writes = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String text = randomHostile(random) + i;
                texts.add(text);
                writes.add(new DocumentWrite.Put(notes, "n" + i, notes.conform("n" + i, Document.of("text", text)), 1));
            }
            store.commit(new WriteBatch("notes", writes, 1));
            for (int i = 0; i < texts.size(); i += 7) {
                Query byText = Query.builder().where(Filter.eq("text", texts.get(i))).build();
                if (texts.get(i).indexOf('\0') >= 0) {
                    // the query contract refuses NUL in values before any store sees them (PostgreSQL cannot hold it)
                    assertThatThrownBy(() -> store.query(notes, byText)).isInstanceOf(InvalidQueryException.class);
                    continue;
                }
                assertThat(store.query(notes, byText)).extracting(d -> d.string("id")).containsExactly("n" + i);
            }
            assertThat(store.query(notes, Query.builder().limit(Query.MAX_LIMIT).build())).hasSize(200);
        }
    }
}
