package dev.readmodel.elastic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.ElasticServer;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The id look-up pages with search_after across page ends, and sees a batch nobody refreshed. */
class ElasticMatchingIdsIT {
    private static final ReadModel ITEMS = ReadModel.named("matching_items").key("item_id")
            .field("colour", FieldType.KEYWORD).build();

    @Test
    void pagesOfKeysAddUpToEveryMatchUpToTheLimitIncludingUnrefreshedWrites() throws Exception {
        ElasticConfig config = ElasticServer.freshPrefix();
        ElasticsearchClient client = config.client();
        try (ElasticReadModelStore store = new ElasticReadModelStore(config)) {
            store.prepare(List.of(ITEMS));
            List<DocumentWrite> writes = new ArrayList<>();
            List<String> red = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String id = String.format("i-%02d", i);
                String colour = i % 3 == 0 ? "blue" : "red";
                if (colour.equals("red")) {
                    red.add(id);
                }
                writes.add(new DocumentWrite.Put(ITEMS, id, ITEMS.conform(id, Document.of("colour", colour)), 1));
            }
            store.commit(new WriteBatch("matching", writes, 1, false)); // short of the head: left unrefreshed
            MatchingIds matching = new MatchingIds(client, new ElasticIndexes(client, config.indexPrefix(), config.replicas()), 4);
            String alias = new ElasticIndexes(client, config.indexPrefix(), config.replicas()).alias(ITEMS);
            List<Filter> isRed = List.of(Filter.eq("colour", "red"));
            assertThat(matching.find(ITEMS, alias, isRed, 100)).containsExactlyElementsOf(red);
            assertThat(matching.find(ITEMS, alias, isRed, 20)).containsExactlyElementsOf(red);
            assertThat(matching.find(ITEMS, alias, isRed, 9)).containsExactlyElementsOf(red.subList(0, 9));
            assertThat(matching.find(ITEMS, alias, List.of(), 30)).hasSize(30);
        } finally {
            client._transport().close();
        }
    }
}
