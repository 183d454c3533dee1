package dev.readmodel.elastic;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.spi.ConfigChecks;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * Where Elasticsearch is.
 *
 * @param url the HTTP endpoint, such as {@code http://127.0.0.1:9200}
 * @param indexPrefix prefix of every index readmodel creates (lower-case), so that several
 *     applications can share a cluster
 * @param replicas replicas of each read-model index outside rebuilds (0 to 5)
 * @param refresh when live writes become searchable: {@link Refresh#WaitFor} (a query after a commit that
 *     reaches the head sees it and every catch-up batch before it; the default), {@link Refresh#False}
 *     (within the refresh interval, cheapest) or {@link Refresh#True}
 * @param bulkConcurrency bulk requests of one batch in flight at once (1 to 8)
 */
public record ElasticConfig(String url, String indexPrefix, int replicas, Refresh refresh, int bulkConcurrency) {
    /** Checks every component. */
    public ElasticConfig {
        ConfigChecks.httpUrl("Elasticsearch", url);
        if (indexPrefix == null || !indexPrefix.matches("[a-z0-9][a-z0-9_\\-]{0,40}")) {
            throw new ConfigurationException("Invalid Elasticsearch index prefix [" + indexPrefix
                    + "]: lower-case letters, digits, '_' and '-', at most 41 characters");
        }
        if (replicas < 0 || replicas > 5) {
            throw new ConfigurationException("Invalid Elasticsearch replicas [" + replicas + "]: expected 0 to 5");
        }
        if (refresh == null) {
            throw new ConfigurationException("Elasticsearch refresh policy must be set");
        }
        if (bulkConcurrency < 1 || bulkConcurrency > 8) {
            throw new ConfigurationException("Invalid Elasticsearch bulkConcurrency [" + bulkConcurrency + "]: expected 1 to 8");
        }
    }

    /** Index prefix {@code readmodel}, one replica, writes searchable when their commit returns, two bulks in flight. */
    public static ElasticConfig of(String url) {
        return new ElasticConfig(url, "readmodel", 1, Refresh.WaitFor, 2);
    }

    /** This config with another index prefix. */
    public ElasticConfig withIndexPrefix(String value) {
        return new ElasticConfig(url, value, replicas, refresh, bulkConcurrency);
    }

    /** This config with another number of replicas. */
    public ElasticConfig withReplicas(int value) {
        return new ElasticConfig(url, indexPrefix, value, refresh, bulkConcurrency);
    }

    /** This config with another refresh policy for live writes. */
    public ElasticConfig withRefresh(Refresh value) {
        return new ElasticConfig(url, indexPrefix, replicas, value, bulkConcurrency);
    }

    /** This config with another number of bulk requests in flight. */
    public ElasticConfig withBulkConcurrency(int value) {
        return new ElasticConfig(url, indexPrefix, replicas, refresh, value);
    }

    /** A new elasticsearch-java client over the low-level REST client; close its transport when done. */
    public ElasticsearchClient client() {
        RestClient rest = RestClient.builder(HttpHost.create(url)).build();
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }
}
