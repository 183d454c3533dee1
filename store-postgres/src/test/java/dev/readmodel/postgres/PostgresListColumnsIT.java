package dev.readmodel.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A list column is checked by its item type: a text[] table does not pass for a LONG_LIST field. */
class PostgresListColumnsIT {
    @Test
    void anExistingArrayOfAnotherItemTypeIsReportedWithBothTypes() {
        String schema = PostgresServer.freshSchema();
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        store.prepare(List.of(ReadModel.named("list_columns").key("id").field("values", FieldType.KEYWORD_LIST).build()));
        PostgresReadModelStore again = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        ReadModel longs = ReadModel.named("list_columns").key("id").field("values", FieldType.LONG_LIST).build();

        assertThatThrownBy(() -> again.prepare(List.of(longs))).isInstanceOf(StoreException.class)
                .hasMessageContaining("values (expected int8[], found text[])");
        again.prepare(List.of(ReadModel.named("list_columns").key("id").field("values", FieldType.KEYWORD_LIST).build()));
    }
}
