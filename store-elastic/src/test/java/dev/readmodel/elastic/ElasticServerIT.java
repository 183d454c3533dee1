package dev.readmodel.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.Json;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The shared fixture reaches the real Elasticsearch this run is meant for (8.19, or 9.2 in the
 * {@code elasticsearch-current} run), and it indexes and searches.
 */
class ElasticServerIT {
    @Test
    void theServerIsTheIntendedReleaseAndIndexesAndFindsADocument() throws Exception {
        ElasticConfig config = ElasticServer.freshPrefix();
        ElasticsearchClient client = config.client();
        try {
            // GET / answers 405 in the integ-test distribution, and its nodes info does not decode: ask _cat
            var rest = ((co.elastic.clients.transport.rest_client.RestClientTransport) client._transport()).restClient();
            String version = new String(rest.performRequest(new org.elasticsearch.client.Request("GET", "/_cat/nodes?h=version"))
                    .getEntity().getContent().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            assertThat(version).startsWith(ElasticServer.expectedRelease() + ".");
            HealthStatus health = client.cluster().health().status();
            assertThat(health).isIn(HealthStatus.Green, HealthStatus.Yellow);
            String index = config.indexPrefix() + "-probe";
            ObjectNode document = Json.mapper().createObjectNode().put("name", "Waterproof jacket");
            client.index(i -> i.index(index).id("1").document(document).refresh(Refresh.True));
            long hits = client.search(s -> s.index(index).query(q -> q.match(m -> m.field("name").query("jacket"))),
                    ObjectNode.class).hits().total().value();
            assertThat(hits).isEqualTo(1);
            client.indices().delete(d -> d.index(index));
        } finally {
            client._transport().close();
        }
    }
}
