package dev.readmodel.examples.orders;

import dev.readmodel.core.typed.Key;
import dev.readmodel.core.typed.ReadModelName;
import dev.readmodel.core.typed.Text;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One order as its summary read model holds it: status, totals and milestones. A typed read model: each
 * component is a field ({@code totalAmount} is {@code total_amount}), and each change is a method that returns
 * the next state.
 *
 * @param orderId the key
 * @param customerId who ordered
 * @param status pending, shipped, completed or cancelled
 * @param totalAmount the items' total
 * @param itemCount how many items
 * @param createdAt when the order was created
 * @param shippedAt when it shipped, or {@code null}
 * @param completedAt when it completed, or {@code null}
 * @param cancelledAt when it was cancelled, or {@code null}
 * @param cancellationReason why, searchable, or {@code null}
 * @param updatedAt the last change
 */
@ReadModelName("order_summaries")
public record OrderSummary(@Key String orderId, String customerId, String status, BigDecimal totalAmount, long itemCount,
        Instant createdAt, Instant shippedAt, Instant completedAt, Instant cancelledAt, @Text String cancellationReason,
        Instant updatedAt) {

    /** A new pending order without items. */
    public static OrderSummary created(String orderId, String customerId, Instant at) {
        return new OrderSummary(orderId, customerId, "pending", BigDecimal.ZERO, 0, at, null, null, null, null, at);
    }

    /** This order with {@code quantity} items of {@code price} added (removed when negative). */
    public OrderSummary withItems(BigDecimal price, int quantity, Instant at) {
        BigDecimal total = totalAmount == null ? BigDecimal.ZERO : totalAmount;
        return new OrderSummary(orderId, customerId, status, total.add(price.multiply(BigDecimal.valueOf(quantity))),
                itemCount + quantity, createdAt, shippedAt, completedAt, cancelledAt, cancellationReason, at);
    }

    /** This order shipped. */
    public OrderSummary shipped(Instant at) {
        return new OrderSummary(orderId, customerId, "shipped", totalAmount, itemCount, createdAt, at, completedAt,
                cancelledAt, cancellationReason, at);
    }

    /** This order completed. */
    public OrderSummary completed(Instant at) {
        return new OrderSummary(orderId, customerId, "completed", totalAmount, itemCount, createdAt, shippedAt, at,
                cancelledAt, cancellationReason, at);
    }

    /** This order cancelled for {@code reason}. */
    public OrderSummary cancelled(String reason, Instant at) {
        return new OrderSummary(orderId, customerId, "cancelled", totalAmount, itemCount, createdAt, shippedAt,
                completedAt, at, reason, at);
    }
}
