package dev.readmodel.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A document that cannot be read is an error, never "absent": a handler given an absent document rebuilds
 * it from nothing, and the next write would replace everything it held (the outage drill found this while
 * Elasticsearch was starting: its multi-get answers per-document "no shard available" errors).
 */
class ElasticLoadFailureIT {
    private static final ReadModel COUNTERS = ReadModel.named("counters").key("id").field("n", FieldType.LONG).build();

    @Test
    void aDocumentThatCannotBeReadFailsTheLoadNamingItAndTheCause() throws Exception {
        ElasticConfig config = ElasticServer.freshPrefix();
        try (ElasticReadModelStore store = new ElasticReadModelStore(config)) {
            store.prepare(List.of(COUNTERS));
            store.commit(new WriteBatch("counting", List.of(new DocumentWrite.Put(COUNTERS, "c-1",
                    COUNTERS.conform("c-1", Document.of("n", 41L)), 7)), 7));
            assertThat(store.load(COUNTERS, List.of("c-1")).get("c-1").document().longValue("n", 0)).isEqualTo(41);

            // the read model's alias names exactly its one index; servers refuse wildcards in _close by default
            String indexes = config.url() + "/" + config.indexPrefix() + "-counters";
            post(indexes + "/_close");
            try {
                assertThatThrownBy(() -> store.load(COUNTERS, List.of("c-1")))
                        .isInstanceOf(StoreException.class).hasMessageContaining("[c-1]").hasMessageContaining("[counters]")
                        .hasMessageContaining("index_closed_exception");
            } finally {
                post(indexes + "/_open");
            }
            assertThat(store.load(COUNTERS, List.of("c-1")).get("c-1").version()).isEqualTo(7);
        }
    }

    private static void post(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
    }
}
