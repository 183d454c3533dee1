package dev.readmodel.examples.orders;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.typed.TypedReadModel;
import dev.readmodel.examples.orders.OrderEvents.CustomerCreated;
import dev.readmodel.examples.orders.OrderEvents.CustomerTierChanged;
import dev.readmodel.examples.orders.OrderEvents.ItemAdded;
import dev.readmodel.examples.orders.OrderEvents.ItemRemoved;
import dev.readmodel.examples.orders.OrderEvents.OrderCancelled;
import dev.readmodel.examples.orders.OrderEvents.OrderCompleted;
import dev.readmodel.examples.orders.OrderEvents.OrderCreated;
import dev.readmodel.examples.orders.OrderEvents.OrderRefunded;
import dev.readmodel.examples.orders.OrderEvents.OrderShipped;
import dev.readmodel.examples.orders.OrderEvents.ReviewSubmitted;
import java.math.BigDecimal;
import java.time.ZoneOffset;

/**
 * The projections of the projection guide, written against readmodel: order summaries, daily sales
 * and customer activity. Store-agnostic: the examples run them on PostgreSQL or in memory.
 */
public final class OrderProjections {
    /** One record per order: status, totals and milestones, declared by {@link OrderSummary}. */
    public static final TypedReadModel<OrderSummary> SUMMARIES = ReadModel.of(OrderSummary.class);
    /** The plain declaration of {@link #SUMMARIES}, for queries by name and the stores. */
    public static final ReadModel ORDER_SUMMARIES = SUMMARIES.readModel();
    /** One row per day with completed-order totals, corrected by refunds. */
    public static final ReadModel DAILY_SALES = ReadModel.named("daily_sales")
            .key("date")
            .field("day", FieldType.DATE)
            .field("total_orders", FieldType.LONG)
            .field("total_revenue", FieldType.DECIMAL)
            .field("total_items", FieldType.LONG)
            .field("total_refunds", FieldType.DECIMAL)
            .build();
    /** Customers and their tier. */
    public static final ReadModel CUSTOMERS = ReadModel.named("customers")
            .key("customer_id")
            .field("email", FieldType.KEYWORD)
            .field("name", FieldType.TEXT)
            .field("tier", FieldType.KEYWORD)
            .field("created_at", FieldType.TIMESTAMP)
            .field("updated_at", FieldType.TIMESTAMP)
            .build();
    /** Per customer: orders, spending and reviews. */
    public static final ReadModel CUSTOMER_ACTIVITY = ReadModel.named("customer_activity_summary")
            .key("customer_id")
            .field("total_orders", FieldType.LONG)
            .field("total_spent", FieldType.DECIMAL)
            .field("total_reviews", FieldType.LONG)
            .field("last_order_at", FieldType.TIMESTAMP)
            .field("last_review_at", FieldType.TIMESTAMP)
            .build();
    /** Each completed order of each customer. */
    public static final ReadModel CUSTOMER_ORDER_HISTORY = ReadModel.named("customer_order_history")
            .key("order_id")
            .field("customer_id", FieldType.KEYWORD)
            .field("amount", FieldType.DECIMAL)
            .field("completed_at", FieldType.TIMESTAMP)
            .build();

    private OrderProjections() {
    }

    /**
     * Order summaries, typed: every handler keyed by the order, so a batch loads its orders at once; events for
     * an order that does not exist change nothing.
     */
    public static Projection orderSummary() {
        return Projection.named("order-summary")
                .on("order.created", OrderCreated.class, SUMMARIES, OrderCreated::orderId,
                        (OrderSummary order, OrderCreated e) -> OrderSummary.created(e.orderId(), e.customerId(), e.createdAt()))
                .on("order.item_added", ItemAdded.class, SUMMARIES, ItemAdded::orderId, (OrderSummary order, ItemAdded e) ->
                        order == null ? null : order.withItems(e.price(), e.quantity(), e.at()))
                .on("order.item_removed", ItemRemoved.class, SUMMARIES, ItemRemoved::orderId,
                        (OrderSummary order, ItemRemoved e) -> order == null ? null
                                : order.withItems(e.price(), -e.quantity(), e.at()))
                .on("order.shipped", OrderShipped.class, SUMMARIES, OrderShipped::orderId,
                        (OrderSummary order, OrderShipped e) -> order == null ? null : order.shipped(e.shippedAt()))
                .on("order.completed", OrderCompleted.class, SUMMARIES, OrderCompleted::orderId,
                        (OrderSummary order, OrderCompleted e) -> order == null ? null : order.completed(e.completedAt()))
                .on("order.cancelled", OrderCancelled.class, SUMMARIES, OrderCancelled::orderId,
                        (OrderSummary order, OrderCancelled e) -> order == null ? null
                                : order.cancelled(e.reason(), e.cancelledAt()))
                .build();
    }

    /** Daily sales: many events onto few rows (one per day). */
    public static Projection dailySales() {
        return Projection.named("daily-sales")
                .readModel(DAILY_SALES)
                .on("order.completed", OrderCompleted.class, DAILY_SALES, e -> day(e.completedAt()), (sales, e) ->
                        orEmptyDay(sales, day(e.completedAt())).plus("total_orders", 1).plus("total_revenue", e.totalAmount())
                                .plus("total_items", e.itemCount()))
                .on("order.refunded", OrderRefunded.class, DAILY_SALES, e -> day(e.originalCompletedAt()), (sales, e) ->
                        orEmptyDay(sales, day(e.originalCompletedAt())).plus("total_orders", -1)
                                .plus("total_revenue", e.refundAmount().negate()).plus("total_refunds", e.refundAmount()))
                .build();
    }

    /** Customer activity: several read models changed by one event, in one batch transaction. */
    public static Projection customerActivity() {
        return Projection.named("customer-activity")
                .readModel(CUSTOMERS, CUSTOMER_ACTIVITY, CUSTOMER_ORDER_HISTORY)
                .on("customer.created", CustomerCreated.class, (e, ctx) -> {
                    ctx.put(CUSTOMERS, e.customerId(), Document.of("email", e.email(), "name", e.name(), "tier", "bronze",
                            "created_at", e.createdAt(), "updated_at", e.createdAt()));
                    ctx.put(CUSTOMER_ACTIVITY, e.customerId(), Document.of("total_orders", 0L, "total_spent", BigDecimal.ZERO,
                            "total_reviews", 0L));
                })
                .on("order.completed", OrderCompleted.class, (e, ctx) -> {
                    ctx.update(CUSTOMER_ACTIVITY, e.customerId(), a -> a.plus("total_orders", 1)
                            .plus("total_spent", e.totalAmount()).with("last_order_at", e.completedAt()));
                    ctx.put(CUSTOMER_ORDER_HISTORY, e.orderId(), Document.of("customer_id", e.customerId(),
                            "amount", e.totalAmount(), "completed_at", e.completedAt()));
                })
                .prefetch(CUSTOMER_ACTIVITY, OrderCompleted::customerId)
                .on("order.refunded", OrderRefunded.class, (e, ctx) ->
                        ctx.update(CUSTOMER_ACTIVITY, e.customerId(), a -> a.plus("total_spent", e.refundAmount().negate())))
                .prefetch(CUSTOMER_ACTIVITY, OrderRefunded::customerId)
                .on("review.submitted", ReviewSubmitted.class, (e, ctx) ->
                        ctx.update(CUSTOMER_ACTIVITY, e.customerId(), a -> a.plus("total_reviews", 1)
                                .with("last_review_at", e.submittedAt())))
                .on("customer.tier_changed", CustomerTierChanged.class, (e, ctx) ->
                        ctx.update(CUSTOMERS, e.customerId(), c -> c.with("tier", e.newTier()).with("updated_at", e.changedAt())))
                .build();
    }

    private static String day(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Document orEmptyDay(Document sales, String day) {
        return sales != null ? sales : Document.of("day", day, "total_orders", 0L, "total_revenue", BigDecimal.ZERO,
                "total_items", 0L, "total_refunds", BigDecimal.ZERO);
    }
}
