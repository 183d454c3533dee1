package dev.readmodel.examples.cli;

import dev.readmodel.core.error.ConfigurationException;
import picocli.CommandLine.Option;

/** Where the stores are and what history to generate; shared by every command. */
final class Options {
    @Option(names = "--postgres-url", defaultValue = "${env:READMODEL_POSTGRES_URL}",
            description = "JDBC URL of PostgreSQL for events and order read models (env READMODEL_POSTGRES_URL); memory when absent.")
    private String postgresUrl;

    @Option(names = "--postgres-user", defaultValue = "${env:READMODEL_POSTGRES_USER:-postgres}",
            description = "PostgreSQL user (env READMODEL_POSTGRES_USER).")
    private String postgresUser;

    @Option(names = "--postgres-password", defaultValue = "${env:READMODEL_POSTGRES_PASSWORD}",
            description = "PostgreSQL password (env READMODEL_POSTGRES_PASSWORD).")
    private String postgresPassword;

    @Option(names = "--postgres-schema", defaultValue = "readmodel_examples",
            description = "PostgreSQL schema for the examples (default: ${DEFAULT-VALUE}).")
    private String postgresSchema;

    @Option(names = "--clickhouse-url", defaultValue = "${env:READMODEL_CLICKHOUSE_URL}",
            description = "HTTP URL of ClickHouse for invoice analytics (env READMODEL_CLICKHOUSE_URL); memory when absent.")
    private String clickhouseUrl;

    @Option(names = "--clickhouse-user", defaultValue = "${env:READMODEL_CLICKHOUSE_USER:-default}",
            description = "ClickHouse user (env READMODEL_CLICKHOUSE_USER).")
    private String clickhouseUser;

    @Option(names = "--clickhouse-password", defaultValue = "${env:READMODEL_CLICKHOUSE_PASSWORD}",
            description = "ClickHouse password (env READMODEL_CLICKHOUSE_PASSWORD).")
    private String clickhousePassword;

    @Option(names = "--clickhouse-database", defaultValue = "readmodel_examples",
            description = "ClickHouse database for the examples (default: ${DEFAULT-VALUE}).")
    private String clickhouseDatabase;

    @Option(names = "--elastic-url", defaultValue = "${env:READMODEL_ELASTIC_URL}",
            description = "HTTP URL of Elasticsearch for product search (env READMODEL_ELASTIC_URL); memory when absent.")
    private String elasticUrl;

    @Option(names = "--elastic-prefix", defaultValue = "readmodel-examples",
            description = "Prefix of the examples' Elasticsearch indexes (default: ${DEFAULT-VALUE}).")
    private String elasticPrefix;

    @Option(names = "--events", defaultValue = "300000",
            description = "Events in the generated history (default: ${DEFAULT-VALUE}).")
    private long events;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated history (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--kafka", description = "Run the projections through Kafka: the event store relayed to a topic, "
            + "each projection consumed by --kafka-instances members of its own consumer group.")
    private boolean kafka;

    @Option(names = "--kafka-bootstrap", defaultValue = "${env:READMODEL_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka brokers for --kafka (env READMODEL_KAFKA_BOOTSTRAP; default: ${DEFAULT-VALUE}).")
    private String kafkaBootstrap;

    @Option(names = "--kafka-instances", defaultValue = "2",
            description = "Consumer instances per projection with --kafka, 1 to 16 (default: ${DEFAULT-VALUE}).")
    private int kafkaInstances;

    String postgresUrl() {
        return postgresUrl == null || postgresUrl.isBlank() ? null : postgresUrl;
    }

    String postgresUser() {
        return postgresUser;
    }

    String postgresPassword() {
        return postgresPassword == null ? "" : postgresPassword;
    }

    String postgresSchema() {
        return postgresSchema;
    }

    String clickhouseUrl() {
        return clickhouseUrl == null || clickhouseUrl.isBlank() ? null : clickhouseUrl;
    }

    dev.readmodel.clickhouse.ClickHouseConfig clickhouse() {
        return new dev.readmodel.clickhouse.ClickHouseConfig(clickhouseUrl, clickhouseUser,
                clickhousePassword == null ? "" : clickhousePassword, clickhouseDatabase);
    }

    String elasticUrl() {
        return elasticUrl == null || elasticUrl.isBlank() ? null : elasticUrl;
    }

    dev.readmodel.elastic.ElasticConfig elastic() {
        return dev.readmodel.elastic.ElasticConfig.of(elasticUrl).withIndexPrefix(elasticPrefix).withReplicas(0);
    }

    long events() {
        if (events < 1 || events > 100_000_000) {
            throw new ConfigurationException("Invalid --events [" + events + "]: expected 1 to 100000000");
        }
        return events;
    }

    long seed() {
        return seed;
    }

    boolean kafka() {
        return kafka;
    }

    String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    int kafkaInstances() {
        if (kafkaInstances < 1 || kafkaInstances > 16) {
            throw new ConfigurationException("Invalid --kafka-instances [" + kafkaInstances + "]: expected 1 to 16");
        }
        return kafkaInstances;
    }
}
