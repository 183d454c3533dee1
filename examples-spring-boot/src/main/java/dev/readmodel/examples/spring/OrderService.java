package dev.readmodel.examples.spring;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders. The append joins the method's transaction, together with the application's own SQL: if
 * the method fails, neither the events, nor the inline read model, nor the audit row remain.
 */
@Service
public class OrderService {
    private final ProjectionEngine engine;
    private final JdbcTemplate jdbc;

    /** The service over the starter's engine and the application's JdbcTemplate. */
    public OrderService(ProjectionEngine engine, JdbcTemplate jdbc) {
        this.engine = engine;
        this.jdbc = jdbc;
    }

    /**
     * Places order {@code orderId} for {@code customer} with the items' {@code prices}.
     *
     * @throws IllegalArgumentException when a price is negative; nothing of the order is kept
     */
    @Transactional
    public void place(String orderId, String customer, List<BigDecimal> prices) {
        jdbc.update("INSERT INTO shop_audit (order_id, customer) VALUES (?, ?)", orderId, customer);
        List<NewEvent> events = new ArrayList<>();
        events.add(NewEvent.of("order.placed", new OrderProjections.OrderPlaced(orderId, customer)));
        prices.forEach(p -> events.add(NewEvent.of("order.item_added", new OrderProjections.ItemAdded(orderId, customer, p))));
        engine.append("order-" + orderId, ExpectedVersion.NO_STREAM, events);
        if (prices.stream().anyMatch(p -> p.signum() < 0)) {
            throw new IllegalArgumentException("Order [" + orderId + "] has a negative price");
        }
    }
}
