package dev.readmodel.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Processes that prepare one read model at the same moment (the instances of a Kafka consumer group all
 * prepare the owners' index on start) end with one index behind its alias: with one index each, every
 * write and get by id through the alias failed, and the consumers stalled.
 */
class ElasticConcurrentPrepareIT {
    private static final ReadModel SHARED = ReadModel.named("shared").key("id").field("n", FieldType.LONG).build();
    private static final int STORES = 6;

    @Test
    void storesPreparingOneReadModelAtOnceLeaveOneIndexBehindItsAlias() throws Exception {
        ElasticConfig config = ElasticServer.freshPrefix();
        List<ElasticReadModelStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(STORES);
        try {
            for (int i = 0; i < STORES; i++) {
                stores.add(new ElasticReadModelStore(config));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> prepared = new ArrayList<>();
            for (ElasticReadModelStore store : stores) {
                prepared.add(pool.submit(() -> {
                    start.await();
                    store.prepare(List.of(SHARED));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : prepared) {
                each.get();
            }

            assertThat(indexesBehind(config.url(), config.indexPrefix() + "-shared")).hasSize(1);
            for (int i = 0; i < STORES; i++) {
                String id = "d-" + i;
                stores.get(i).commit(new WriteBatch("p" + i, List.of(new DocumentWrite.Put(SHARED, id,
                        SHARED.conform(id, Document.of("n", (long) i)), 1)), 1));
            }
            assertThat(stores.get(0).load(SHARED, List.of("d-0", "d-3", "d-5")).keySet())
                    .containsExactlyInAnyOrder("d-0", "d-3", "d-5");
        } finally {
            pool.shutdownNow();
            stores.forEach(ElasticReadModelStore::close);
        }
    }

    private static List<String> indexesBehind(String url, String alias) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "/_alias/" + alias)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
