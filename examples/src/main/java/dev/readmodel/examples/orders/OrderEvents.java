package dev.readmodel.examples.orders;

import java.math.BigDecimal;
import java.time.Instant;

/** The order and customer events of the examples, as the write side would emit them. */
public final class OrderEvents {
    private OrderEvents() {
    }

    /** {@code customer.created}. */
    public record CustomerCreated(String customerId, String email, String name, Instant createdAt) {
    }

    /** {@code customer.tier_changed}. */
    public record CustomerTierChanged(String customerId, String newTier, Instant changedAt) {
    }

    /** {@code review.submitted}. */
    public record ReviewSubmitted(String customerId, String productId, int rating, Instant submittedAt) {
    }

    /** {@code order.created}. */
    public record OrderCreated(String orderId, String customerId, Instant createdAt) {
    }

    /** {@code order.item_added}. */
    public record ItemAdded(String orderId, String sku, BigDecimal price, int quantity, Instant at) {
    }

    /** {@code order.item_removed}. */
    public record ItemRemoved(String orderId, String sku, BigDecimal price, int quantity, Instant at) {
    }

    /** {@code order.shipped}. */
    public record OrderShipped(String orderId, Instant shippedAt) {
    }

    /** {@code order.completed}: totals as the write side computed them. */
    public record OrderCompleted(String orderId, String customerId, BigDecimal totalAmount, int itemCount,
            Instant completedAt) {
    }

    /** {@code order.cancelled}. */
    public record OrderCancelled(String orderId, String reason, Instant cancelledAt) {
    }

    /** {@code order.refunded}: after completion, on the day it was completed. */
    public record OrderRefunded(String orderId, String customerId, BigDecimal refundAmount, Instant originalCompletedAt,
            Instant refundedAt) {
    }
}
