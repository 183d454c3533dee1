package dev.readmodel.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.readmodel.core.ConfigurationException;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * Where Elasticsearch is.
 *
 * @param url the HTTP endpoint, such as {@code http://127.0.0.1:9200}
 * @param indexPrefix prefix of every index readmodel creates (lower-case), so that several
 *     applications can share a cluster
 */
public record ElasticConfig(String url, String indexPrefix) {
    /** Checks every component. */
    public ElasticConfig {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ConfigurationException("Invalid Elasticsearch url [" + url + "]: expected http(s)://host:port");
        }
        if (indexPrefix == null || !indexPrefix.matches("[a-z0-9][a-z0-9_\\-]{0,40}")) {
            throw new ConfigurationException("Invalid Elasticsearch index prefix [" + indexPrefix
                    + "]: lower-case letters, digits, '_' and '-', at most 41 characters");
        }
    }

    /** Index prefix {@code readmodel}. */
    public static ElasticConfig of(String url) {
        return new ElasticConfig(url, "readmodel");
    }

    /** This config with another index prefix. */
    public ElasticConfig withIndexPrefix(String value) {
        return new ElasticConfig(url, value);
    }

    /** A new elasticsearch-java client over the low-level REST client; close its transport when done. */
    public ElasticsearchClient client() {
        RestClient rest = RestClient.builder(HttpHost.create(url)).build();
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }
}
