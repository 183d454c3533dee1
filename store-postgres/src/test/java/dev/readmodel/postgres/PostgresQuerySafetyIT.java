package dev.readmodel.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SortOrder;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nothing a caller puts in a filter or an order term can change the SQL that runs. */
class PostgresQuerySafetyIT {
    private static final ReadModel ACCOUNTS = ReadModel.named("accounts").key("id")
            .field("owner", FieldType.KEYWORD).field("balance", FieldType.DECIMAL).build();
    private static final List<String> HOSTILE_FIELDS = List.of("owner; DROP TABLE accounts; --", "owner\" OR \"1\"=\"1",
            "balance DESC, (SELECT pg_sleep(5))", "1=1", "owner) OR (1=1", "\"owner\"", "pg_catalog.pg_tables");

    private static PostgresReadModelStore store;

    @BeforeAll
    static void start() {
        store = new PostgresReadModelStore(PostgresServer.dataSource(), PostgresServer.freshSchema());
        store.prepare(List.of(ACCOUNTS));
        store.commit(new WriteBatch("accounts", List.of(
                new DocumentWrite.Put(ACCOUNTS, "a", ACCOUNTS.conform("a", Document.of("owner", "alice", "balance", 10)), 1),
                new DocumentWrite.Put(ACCOUNTS, "b", ACCOUNTS.conform("b", Document.of("owner", "bob", "balance", 20)), 1)), 1));
    }

    @Test
    void hostileFieldNamesInFiltersAndOrderAreRejectedBeforeAnySql() {
        for (String field : HOSTILE_FIELDS) {
            assertThatThrownBy(() -> store.query(ACCOUNTS, Query.builder().where(Filter.eq(field, "x")).build()))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("Unknown field");
            assertThatThrownBy(() -> store.query(ACCOUNTS, new Query(List.of(), List.of(new SortOrder(field, false)), 10, 0)))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("Unknown field");
        }
        assertThat(store.query(ACCOUNTS, Query.all())).hasSize(2);
    }

    @Test
    void hostileValuesAreDataNotSql() {
        for (String value : List.of("' OR '1'='1", "alice'; DROP TABLE accounts; --", "\\' OR 1=1 --", "$$ OR 1=1 $$")) {
            assertThat(store.query(ACCOUNTS, Query.builder().where(Filter.eq("owner", value)).build())).isEmpty();
            assertThat(store.query(ACCOUNTS, Query.builder().where(Filter.in("owner", List.of(value, "bob"))).build()))
                    .extracting(d -> d.string("id")).containsExactly("b");
        }
        assertThatThrownBy(() -> store.query(ACCOUNTS, Query.builder().where(Filter.gte("balance", "0 OR 1=1")).build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("[balance]");
        assertThat(store.query(ACCOUNTS, Query.all())).hasSize(2);
        store.checkpoints().store(new Checkpoint("x'); DROP TABLE accounts; --", 3));
        assertThat(store.checkpoints().load("x'); DROP TABLE accounts; --")).isEqualTo(3);
        assertThat(store.query(ACCOUNTS, Query.all())).hasSize(2);
    }
}
