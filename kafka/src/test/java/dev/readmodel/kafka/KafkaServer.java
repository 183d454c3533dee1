package dev.readmodel.kafka;

import dev.readmodel.testkit.internal.RealServer;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real Kafka broker every IT of this module uses: READMODEL_KAFKA_BOOTSTRAP when set (scripts/stores.sh
 * starts one), else a Testcontainers container of the pinned image ({@code image.kafka} in the parent pom)
 * when Docker runs, else a skip (a failure under CI). One broker per test JVM; each test class uses
 * topics of its own.
 */
public final class KafkaServer {
    private static String bootstrap;

    private KafkaServer() {
    }

    /** The brokers' bootstrap address, such as {@code 127.0.0.1:19092}. */
    public static synchronized String bootstrap() {
        if (bootstrap == null) {
            Optional<String> configured = RealServer.setting("kafka.bootstrap");
            if (configured.isPresent()) {
                bootstrap = configured.get();
            } else if (DockerClientFactory.instance().isDockerAvailable()) {
                bootstrap = startContainer();
            } else {
                bootstrap = RealServer.unavailable("No Kafka broker for the integration tests: set "
                        + "READMODEL_KAFKA_BOOTSTRAP ('scripts/stores.sh up kafka', then 'source .stores/env'), "
                        + "run 'scripts/test.sh', or install Docker for Testcontainers");
            }
        }
        return bootstrap;
    }

    private static String startContainer() {
        // Testcontainers gives the internal topics replication factor 1 and min ISR 1, as transactions on
        // one broker need
        KafkaContainer container = new KafkaContainer(DockerImageName
                .parse(System.getProperty("readmodel.image.kafka", "apache/kafka:4.4.0")).asCompatibleSubstituteFor("apache/kafka"));
        container.start();
        return container.getBootstrapServers();
    }
}
