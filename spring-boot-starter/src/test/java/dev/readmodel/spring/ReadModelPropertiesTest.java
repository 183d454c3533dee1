package dev.readmodel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Bad readmodel.* settings fail start-up with a message naming the property and its value; no server needed. */
class ReadModelPropertiesTest {
    private static final ReadModel ORDERS = ReadModel.named("orders").key("id").build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReadModelAutoConfiguration.class,
                    ReadModelClickHouseConfiguration.class, ReadModelElasticConfiguration.class,
                    ReadModelActuatorConfiguration.class))
            // no ClickHouse or Elasticsearch store even where the environment names one (READMODEL_CLICKHOUSE_URL)
            .withPropertyValues("readmodel.clickhouse.url=", "readmodel.elastic.url=")
            // never connected: every case fails before the engine starts
            .withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))
            .withBean("orders", Projection.class, () -> Projection.named("orders").readModel(ORDERS)
                    .on("order.created", Object.class, ORDERS, e -> "x", (current, e) -> Document.empty()).build());

    private void failsNaming(String setting, String... parts) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(configurationError(context.getStartupFailure()).getMessage()).contains(parts);
        });
    }

    /** The outermost ConfigurationException of the failure: the one that names the property. */
    private static Throwable configurationError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t;
            }
        }
        throw new AssertionError("no ConfigurationException in", failure);
    }

    @Test
    void anEngineSettingOutOfRangeNamesTheProperty() {
        failsNaming("readmodel.engine.batch-size=0", "Invalid readmodel.engine.batch-size [0]: expected 1 to 100000");
        failsNaming("readmodel.engine.stop-timeout=11m", "readmodel.engine.stop-timeout [PT11M]");
        failsNaming("readmodel.engine.query-cache-size=-1", "readmodel.engine.query-cache-size [-1]");
    }

    @Test
    void settingsForAProjectionThatDoesNotExistAreRefused() {
        failsNaming("readmodel.projections.ordres.mode=INLINE", "readmodel.projections.[ordres]", "[orders]");
    }

    @Test
    void aModeThatDoesNotExistIsRefusedByTheBinder() {
        runner.withPropertyValues("readmodel.projections.orders.mode=SIDEWAYS").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("SIDEWAYS");
            assertThat(context.getStartupFailure()).hasStackTraceContaining(
                    "Failed to bind properties under 'readmodel.projections.orders.mode'");
        });
    }

    @Test
    void aStoreThatIsNotConfiguredIsNamed() {
        failsNaming("readmodel.projections.orders.store=clickhouse", "readmodel.projections.orders.store [CLICKHOUSE]",
                "readmodel.clickhouse.url");
    }

    @Test
    void badStoreAndHealthSettingsAreNamed() {
        failsNaming("readmodel.postgres.schema=No Schema", "schema", "[No Schema]");
        failsNaming("readmodel.health.max-lag=-5", "readmodel.health.max-lag [-5]");
    }

    @Test
    void disabledBuildsNothing() {
        runner.withPropertyValues("readmodel.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ProjectionEngine.class);
        });
    }

    @Test
    void theFailureKeepsTheEngineConfigErrorAsItsCause() {
        runner.withPropertyValues("readmodel.engine.batch-size=0").run(context ->
                assertThat(configurationError(context.getStartupFailure())).cause()
                        .hasMessage("Invalid batchSize [0]: expected 1 to 100000"));
    }

    @Test
    void aProjectionsFailureSettingsReplaceItsOwnPolicyWhereSet() {
        failsNaming("readmodel.projections.orders.retries=101", "Invalid readmodel.projections.orders.retries [101]",
                "expected 0 to 100");
        ReadModelProperties properties = new ReadModelProperties();
        ReadModelProperties.ProjectionSettings orders = new ReadModelProperties.ProjectionSettings();
        properties.getProjections().put("orders", orders);
        FailurePolicy own = FailurePolicy.fail(3);
        assertThat(properties.failurePolicy("orders", own)).isSameAs(own);
        assertThat(properties.failurePolicy("invoices", own)).as("no settings").isSameAs(own);
        orders.setOnFailure(ReadModelProperties.OnFailure.DEAD_LETTER);
        assertThat(properties.failurePolicy("orders", own)).isEqualTo(FailurePolicy.deadLetter(3));
        orders.setRetries(0);
        assertThat(properties.failurePolicy("orders", own)).isEqualTo(FailurePolicy.deadLetter(0));
        orders.setOnFailure(null);
        assertThat(properties.failurePolicy("orders", FailurePolicy.deadLetter(7))).isEqualTo(FailurePolicy.deadLetter(0));
        assertThat(properties.failurePolicy("orders", own)).isEqualTo(FailurePolicy.fail(0));
    }
}
