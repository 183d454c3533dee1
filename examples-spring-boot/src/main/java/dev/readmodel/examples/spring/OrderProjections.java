package dev.readmodel.examples.spring;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import java.math.BigDecimal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shop's projections: each bean is registered with the engine, its mode from application.yml. */
@Configuration(proxyBeanMethods = false)
public class OrderProjections {
    /** One document per order: its customer, item count and total. */
    public static final ReadModel ORDERS = ReadModel.named("orders").key("order_id")
            .field("customer", FieldType.KEYWORD)
            .field("items", FieldType.LONG)
            .field("total", FieldType.DECIMAL)
            .build();
    /** One document per customer: how many orders and how much they spent. */
    public static final ReadModel CUSTOMERS = ReadModel.named("customers").key("customer")
            .field("orders", FieldType.LONG)
            .field("spent", FieldType.DECIMAL)
            .build();

    /** An order was placed. */
    public record OrderPlaced(String orderId, String customer) {
    }

    /** An item was added to an order. */
    public record ItemAdded(String orderId, String customer, BigDecimal price) {
    }

    /** Orders, INLINE in application.yml: readable as soon as the placing transaction commits. */
    @Bean
    public Projection orders() {
        return Projection.named("orders").readModel(ORDERS)
                .on("order.placed", OrderPlaced.class, ORDERS, OrderPlaced::orderId,
                        (current, e) -> Document.of("customer", e.customer(), "items", 0L, "total", BigDecimal.ZERO))
                .on("order.item_added", ItemAdded.class, ORDERS, ItemAdded::orderId,
                        (current, e) -> current.plus("items", 1).plus("total", e.price()))
                .build();
    }

    /** Customers, PERSISTENT (the default): caught up in the background. */
    @Bean
    public Projection customers() {
        return Projection.named("customers").readModel(CUSTOMERS)
                .on("order.placed", OrderPlaced.class, CUSTOMERS, OrderPlaced::customer,
                        (current, e) -> (current == null ? Document.of("orders", 0L, "spent", BigDecimal.ZERO) : current)
                                .plus("orders", 1))
                .on("order.item_added", ItemAdded.class, CUSTOMERS, ItemAdded::customer,
                        (current, e) -> current.plus("spent", e.price()))
                .build();
    }
}
