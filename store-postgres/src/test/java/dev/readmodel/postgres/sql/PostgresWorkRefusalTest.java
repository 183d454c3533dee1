package dev.readmodel.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.ProjectionMode;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A store that cannot run PostgresWork refuses it when the engine starts, before any batch. */
class PostgresWorkRefusalTest {
    @Test
    void theMemoryStoreRefusesAProjectionWithPostgresWorkAtStart() {
        InMemoryReadModelStore memory = new InMemoryReadModelStore();
        try (ProjectionEngine engine = ProjectionEngine.builder(new InMemoryEventStore())
                .register(SalesByDay.projection("sales", FailurePolicy.DEFAULT,
                        new AtomicBoolean()), memory, ProjectionMode.PERSISTENT).build()) {
            assertThatThrownBy(engine::start).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("[sales]").hasMessageContaining("[memory]")
                    .hasMessageContaining(PostgresWork.class.getName());
            assertThat(engine.status("sales").checkpoint()).isZero();
        }
    }
}
