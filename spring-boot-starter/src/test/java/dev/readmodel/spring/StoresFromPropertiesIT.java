package dev.readmodel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.ClickHouseConfig;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Query;
import dev.readmodel.elastic.ElasticConfig;
import dev.readmodel.elastic.ElasticServer;
import dev.readmodel.postgres.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** ClickHouse and Elasticsearch stores from readmodel.clickhouse.* and readmodel.elastic.*, against the real servers. */
class StoresFromPropertiesIT {
    @Test
    void projectionsWriteToTheStoresTheirSettingsName() throws InterruptedException {
        ClickHouseConfig clickhouse = ClickHouseServer.freshDatabase();
        ElasticConfig elastic = ElasticServer.freshPrefix();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApp.class)
                .web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + PostgresServer.config().jdbcUrl(),
                        "spring.datasource.username=" + PostgresServer.config().user(),
                        "spring.datasource.password=" + PostgresServer.config().password(),
                        "readmodel.postgres.schema=" + PostgresServer.freshSchema(),
                        "readmodel.engine.poll-interval=50ms",
                        "readmodel.clickhouse.url=" + clickhouse.url(),
                        "readmodel.clickhouse.user=" + clickhouse.user(),
                        "readmodel.clickhouse.password=" + clickhouse.password(),
                        "readmodel.clickhouse.database=" + clickhouse.database(),
                        "readmodel.elastic.url=" + elastic.url(),
                        "readmodel.elastic.index-prefix=" + elastic.indexPrefix(),
                        "readmodel.elastic.replicas=0",
                        "readmodel.projections.tally.store=clickhouse",
                        "readmodel.projections.inline-tally.store=elastic")
                .run()) {
            ProjectionEngine engine = context.getBean(ProjectionEngine.class);
            assertThat(engine.storeName("tally")).containsIgnoringCase("clickhouse");
            assertThat(engine.storeName("inline-tally")).containsIgnoringCase("elastic");

            context.getBean(TestApp.Appender.class).append("stored", 3);
            assertThat(engine.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(engine.query("tally", Query.all())).singleElement()
                    .satisfies((Document d) -> assertThat(d.longValue("applied", -1)).isEqualTo(3));
            assertThat(engine.query("inline_tally", Query.all())).singleElement()
                    .satisfies((Document d) -> assertThat(d.longValue("applied", -1)).isEqualTo(3));
        }
    }
}
