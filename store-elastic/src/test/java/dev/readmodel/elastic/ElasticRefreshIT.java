package dev.readmodel.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batches that do not reach the head (a catch-up) do not wait for a refresh each, which held a catch-up
 * to one batch per refresh interval (the outage drill caught up at 50 events/s); the next batch that
 * reaches the head makes all of them searchable.
 */
class ElasticRefreshIT {
    private static final ReadModel NOTES = ReadModel.named("notes").key("id").field("n", FieldType.LONG).build();
    private static final ReadModel TAGS = ReadModel.named("tags").key("id").field("n", FieldType.LONG).build();

    @Test
    void catchUpWritesBecomeSearchableWithTheNextBatchThatReachesTheHeadEvenInOtherIndexes() throws Exception {
        ElasticConfig config = ElasticServer.freshPrefix();
        try (ElasticReadModelStore store = new ElasticReadModelStore(config)) {
            store.prepare(List.of(NOTES, TAGS));
            // no periodic refresh: only what the store asks for makes writes searchable
            put(config.url() + "/" + config.indexPrefix() + "-*/_settings", "{\"index\":{\"refresh_interval\":\"-1\"}}");

            store.commit(new WriteBatch("p", List.of(put(NOTES, "n-1", 1), put(TAGS, "t-1", 2)), 2, false));
            assertThat(store.query(NOTES, Query.all())).as("left for a later refresh").isEmpty();
            assertThat(store.load(NOTES, List.of("n-1"))).as("but stored").containsKey("n-1");
            assertThat(store.checkpoint("p")).isEqualTo(2);

            store.commit(new WriteBatch("p", List.of(put(NOTES, "n-2", 3)), 3, true));
            assertThat(store.query(NOTES, Query.all())).extracting(d -> d.string("id"))
                    .containsExactlyInAnyOrder("n-1", "n-2");
            assertThat(store.query(TAGS, Query.all())).as("refreshed although this batch did not write it")
                    .extracting(d -> d.string("id")).containsExactly("t-1");
        }
    }

    private static DocumentWrite put(ReadModel model, String id, long position) {
        return new DocumentWrite.Put(model, id, model.conform(id, Document.of("n", position)), position);
    }

    private static void put(String url, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
    }
}
