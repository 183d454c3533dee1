package dev.readmodel.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartitionOwnersTest {
    private static final ReadModel DAILY = ReadModel.named("daily").key("day").field("sales", FieldType.LONG).build();

    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final PartitionOwners owners = new PartitionOwners("sales", store);

    @BeforeEach
    void prepare() {
        store.prepare(List.of(DAILY, owners.model()));
    }

    @Test
    void aDocumentsFirstWriteRecordsItsPartitionAndLaterOnesFromItAddNothing() {
        TopicPartition p0 = new TopicPartition("orders", 0);
        PartitionOwners.Checked first = owners.check(p0, List.of(put("2026-12-01", 10)));
        assertThat(first.conflict()).isEmpty();
        assertThat(first.writes()).hasSize(2).last().satisfies(owner -> assertThat(owner.model()).isEqualTo(owners.model()));
        store.commit(new WriteBatch("sales@orders/0", first.writes(), 11));

        PartitionOwners.Checked again = owners.check(p0, List.of(put("2026-12-01", 20)));
        assertThat(again.conflict()).isEmpty();
        assertThat(again.writes()).containsExactly(put("2026-12-01", 20));
    }

    @Test
    void aDocumentWrittenFromAnotherPartitionIsRefusedNamingTheDocumentAndBothPartitions() {
        store.commit(new WriteBatch("sales@orders/0", owners.check(new TopicPartition("orders", 0),
                List.of(put("2026-12-01", 10))).writes(), 11));
        PartitionOwners.Checked second = owners.check(new TopicPartition("orders", 3),
                List.of(put("2026-12-02", 30), put("2026-12-01", 31)));
        assertThat(second.writes()).isEmpty();
        assertThat(second.conflict()).hasValueSatisfying(conflict -> {
            assertThat(conflict.write()).isEqualTo(put("2026-12-01", 31));
            assertThat(conflict.owner()).isEqualTo("orders-0");
            assertThat(conflict.message()).contains("[sales]", "[2026-12-01]", "[daily]", "[orders-3]", "[orders-0]");
        });
        // the same day on another topic is another document's owner
        assertThat(owners.check(new TopicPartition("orders.by-day", 3), List.of(put("2026-12-01", 40))).conflict()).isEmpty();
    }

    @Test
    void eachProjectionHasATableOfOwnersOfItsOwnWhoseNameNoOtherProjectionShares() {
        assertThat(PartitionOwners.model("sales").name()).isEqualTo("readmodel_kafka_owners_sales");
        assertThat(owners.model()).isEqualTo(PartitionOwners.model("sales"));
        String dashed = PartitionOwners.model("daily-sales").name();
        String underscored = PartitionOwners.model("daily_sales").name();
        String longName = PartitionOwners.model("a-projection-with-a-name-far-longer-than-any-table-allows").name();
        assertThat(dashed).startsWith("readmodel_kafka_owners_daily_sales_").isNotEqualTo(underscored);
        assertThat(underscored).isEqualTo("readmodel_kafka_owners_daily_sales");
        assertThat(longName).matches("[a-z][a-z0-9_]{0,47}");
        assertThat(PartitionOwners.model("Sales").name()).isNotEqualTo(PartitionOwners.model("sales").name());
    }

    private static DocumentWrite put(String day, long version) {
        return new DocumentWrite.Put(DAILY, day, Document.of("day", day, "sales", version), version);
    }
}
