package dev.readmodel.elastic;

import dev.readmodel.testkit.RealServer;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real Elasticsearch the ITs use: READMODEL_ELASTIC_URL when set, else a Testcontainers container of
 * the pinned image when Docker runs, else a skip (a failure under CI).
 */
public final class ElasticServer {
    private static ElasticConfig config;

    private ElasticServer() {
    }

    /** The configured or started server. */
    public static synchronized ElasticConfig config() {
        if (config == null) {
            config = RealServer.resolve("elastic", RealServer.setting("elastic.url").map(ElasticConfig::of),
                    () -> DockerClientFactory.instance().isDockerAvailable(), ElasticServer::container);
        }
        return config;
    }

    private static ElasticConfig container() {
        ElasticsearchContainer container = new ElasticsearchContainer(DockerImageName.parse(System.getProperty(
                "readmodel.image.elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch:8.19.7"))
                .asCompatibleSubstituteFor("docker.elastic.co/elasticsearch/elasticsearch"))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        container.start();
        return ElasticConfig.of("http://" + container.getHttpHostAddress());
    }

    /** The server with an index prefix of its own, for one test class. */
    public static ElasticConfig freshPrefix() {
        return config().withIndexPrefix("it-" + UUID.randomUUID().toString().substring(0, 8)).withReplicas(0);
    }
}
