package dev.readmodel.elastic;

import dev.readmodel.testkit.internal.RealServer;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real Elasticsearch the ITs use. Every IT runs twice: against 8.19 (failsafe's default execution) and
 * against the current release, 9.x (the {@code elasticsearch-current} execution, which sets
 * {@code readmodel.elastic.engine=current}). For each: the server named by READMODEL_ELASTIC_URL, or
 * READMODEL_ELASTIC_CURRENT_URL for the current one, when set; else a Testcontainers container of the image
 * pinned in the parent pom when Docker runs; else a skip (a failure under CI).
 */
public final class ElasticServer {
    private static final String IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:8.19.7";
    private static final String IMAGE_CURRENT = "docker.elastic.co/elasticsearch/elasticsearch:9.2.4";
    private static ElasticConfig config;
    private static ElasticsearchContainer started;

    private ElasticServer() {
    }

    /** The configured or started server. */
    public static synchronized ElasticConfig config() {
        if (config == null) {
            String name = RealServer.currentEngine("elastic") ? "elastic.current" : "elastic";
            config = RealServer.resolve(name, RealServer.setting(name + ".url").map(ElasticConfig::of),
                    () -> DockerClientFactory.instance().isDockerAvailable(), ElasticServer::startContainer);
        }
        return config;
    }

    /** The release this run is meant for, as major.minor of the pinned image: {@code 8.19} or {@code 9.2}. */
    public static String expectedRelease() {
        String tag = image().substring(image().lastIndexOf(':') + 1);
        String[] parts = tag.split("\\.");
        return parts[0] + "." + parts[1];
    }

    private static String image() {
        return RealServer.currentEngine("elastic")
                ? System.getProperty("readmodel.image.elasticsearch.current", IMAGE_CURRENT)
                : System.getProperty("readmodel.image.elasticsearch", IMAGE);
    }

    private static ElasticConfig startContainer() {
        ElasticsearchContainer container = new ElasticsearchContainer(DockerImageName.parse(image())
                .asCompatibleSubstituteFor("docker.elastic.co/elasticsearch/elasticsearch"))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        container.setPortBindings(java.util.List.of(RealServer.fixedPortBinding(9200)));
        container.start();
        started = container;
        return ElasticConfig.of("http://" + container.getHttpHostAddress());
    }

    /** The container this JVM started, if the server is one (the outage drills stop and start it). */
    public static synchronized java.util.Optional<org.testcontainers.containers.GenericContainer<?>> container() {
        return java.util.Optional.ofNullable(started);
    }

    /** The server with an index prefix of its own, for one test class. */
    public static ElasticConfig freshPrefix() {
        return config().withIndexPrefix("it-" + UUID.randomUUID().toString().substring(0, 8)).withReplicas(0);
    }
}
