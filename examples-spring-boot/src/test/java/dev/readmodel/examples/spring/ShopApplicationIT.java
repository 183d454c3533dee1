package dev.readmodel.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example shop, started as a user would run it, against the real PostgreSQL. */
@SpringBootTest
class ShopApplicationIT {
    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> PostgresServer.config().jdbcUrl());
        registry.add("spring.datasource.username", () -> PostgresServer.config().user());
        registry.add("spring.datasource.password", () -> PostgresServer.config().password());
        registry.add("readmodel.postgres.schema", PostgresServer::freshSchema);
    }

    @Autowired
    OrderService orders;
    @Autowired
    ProjectionEngine engine;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private List<Document> order(String id) {
        return engine.query("orders", Query.builder().where(Filter.eq("order_id", id)).build());
    }

    @Test
    void aPlacedOrderIsReadableAtOnceAndItsCustomerCatchesUp() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        orders.place(id, "ada", List.of(new BigDecimal("2.50"), new BigDecimal("4.00")));

        assertThat(order(id)).singleElement().satisfies(o -> {
            assertThat(o.longValue("items", -1)).isEqualTo(2);
            assertThat(o.decimal("total", null)).isEqualByComparingTo("6.50");
        });
        assertThat(engine.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();
        assertThat(engine.query("customers", Query.builder().where(Filter.eq("customer", "ada")).build())).singleElement()
                .satisfies(c -> assertThat(c.decimal("spent", null)).isEqualByComparingTo("6.50"));
        assertThat(meters.find("readmodel.projection.checkpoint").tag("projection", "customers").gauge())
                .as("the engine's meters, bound by the starter").isNotNull();
    }

    @Test
    void aFailedOrderLeavesNoEventsNoReadModelAndNoAuditRow() {
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> orders.place(id, "bob", List.of(new BigDecimal("-1"))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(order(id)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shop_audit WHERE order_id = ?", Long.class, id)).isZero();
        orders.place(id, "bob", List.of(new BigDecimal("1")));
        assertThat(order(id)).hasSize(1);
    }
}
