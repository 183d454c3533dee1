package dev.readmodel.testkit;

import static dev.readmodel.testkit.SampleOrders.CUSTOMERS;
import static dev.readmodel.testkit.SampleOrders.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.status.ProjectionState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionFixtureTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void givenEventsExpectDocuments() {
        try (ProjectionFixture fixture = ProjectionFixture.of(SampleOrders.projection("orders"))) {
            fixture.given("o-1", NewEvent.of("order.created", new SampleOrders.OrderCreated("o-1", "c-1", T)),
                            NewEvent.of("order.item_added", new SampleOrders.ItemAdded("o-1", new BigDecimal("4.20"))))
                    .expectDocument(ORDERS, "o-1", Document.of("status", "open", "total", "4.2", "items", 1))
                    .expectDocument(CUSTOMERS, "c-1", Document.of("orders", 1))
                    .expectCount(ORDERS, 1);
            fixture.given("o-1", NewEvent.of("order.cancelled", new SampleOrders.OrderCancelled("o-1")))
                    .expectAbsent(ORDERS, "o-1")
                    .expectCount(ORDERS, 0);
        }
    }

    @Test
    void aMismatchNamesEachDifferingField() {
        try (ProjectionFixture fixture = ProjectionFixture.of(SampleOrders.projection("orders"),
                new InMemoryReadModelStore())) {
            fixture.given("o-1", NewEvent.of("order.created", new SampleOrders.OrderCreated("o-1", "c-1", T)));
            assertThatThrownBy(() -> fixture.expectDocument(ORDERS, "o-1", Document.of("status", "shipped", "items", 0)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("status: expected [shipped] but was [open]")
                    .hasMessageNotContaining("items:");
            assertThatThrownBy(() -> fixture.expectDocument(ORDERS, "o-2", Document.empty()))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("[o-2]");
            assertThatThrownBy(() -> fixture.expectAbsent(ORDERS, "o-1")).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void aFaultedProjectionFailsExpectationsWithItsError() {
        try (ProjectionFixture fixture = ProjectionFixture.of(SampleOrders.projection("orders"))) {
            // shipped before created: the handler finds no order
            fixture.given("o-9", NewEvent.of("order.shipped", new SampleOrders.OrderShipped("o-9")));
            assertThat(fixture.status().state()).isEqualTo(ProjectionState.FAULTED);
            assertThatThrownBy(() -> fixture.expectCount(ORDERS, 0)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("faulted").hasMessageContaining("order.shipped");
        }
    }

    @Test
    void aFixtureWithUpcastersGivesTheProjectionEventsOfOldShapes() {
        ReadModel model = UpcastOrders.model("fixture_orders");
        try (ProjectionFixture fixture = ProjectionFixture.of(UpcastOrders.projection("fixture", model),
                UpcastOrders.UPCASTERS)) {
            fixture.given("o-1", UpcastOrders.event("order.placed_with_item", 1,
                            Map.of("orderId", "o-1", "customer", "c-1", "price", new BigDecimal("2.50"))))
                    .expectDocument(model, "o-1", Document.of("customer_id", "c-1", "currency", "EUR", "items", 1));
        }
    }
}
