package dev.readmodel.examples.invoices;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Filter;
import dev.readmodel.examples.invoices.InvoiceEvents.InvoiceCancelled;
import dev.readmodel.examples.invoices.InvoiceEvents.InvoiceCreated;
import dev.readmodel.examples.invoices.InvoiceEvents.InvoicePaid;
import dev.readmodel.examples.invoices.InvoiceEvents.InvoiceRefunded;
import dev.readmodel.examples.invoices.InvoiceEvents.LineAdded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Invoice analytics: one row per invoice (its month, status, total, paid, outstanding and net revenue)
 * and one row per refund (in the month it happened). Totals per month, paid versus outstanding, revenue
 * by customer and refunds per month are aggregations over them, so a refund or cancellation that arrives
 * months later corrects every total at once.
 */
public final class InvoiceAnalytics {
    /** One row per invoice. */
    public static final ReadModel INVOICES = ReadModel.named("invoice_analytics")
            .key("invoice_id")
            .field("customer_id", FieldType.KEYWORD)
            .field("currency", FieldType.KEYWORD)
            .field("status", FieldType.KEYWORD)
            .field("month", FieldType.KEYWORD)
            .field("issued_at", FieldType.TIMESTAMP)
            .field("line_count", FieldType.LONG)
            .field("total", FieldType.DECIMAL)
            .field("paid_amount", FieldType.DECIMAL)
            .field("refunded_amount", FieldType.DECIMAL)
            .field("outstanding", FieldType.DECIMAL)
            .field("net_revenue", FieldType.DECIMAL)
            .build();
    /** One row per refund. */
    public static final ReadModel REFUNDS = ReadModel.named("invoice_refunds")
            .key("refund_id")
            .field("invoice_id", FieldType.KEYWORD)
            .field("customer_id", FieldType.KEYWORD)
            .field("currency", FieldType.KEYWORD)
            .field("month", FieldType.KEYWORD)
            .field("amount", FieldType.DECIMAL)
            .field("refunded_at", FieldType.TIMESTAMP)
            .build();

    private InvoiceAnalytics() {
    }

    /** The projection {@code invoice-analytics}. */
    public static Projection projection() {
        return Projection.named("invoice-analytics")
                .readModel(INVOICES, REFUNDS)
                .on("invoice.created", InvoiceCreated.class, INVOICES, InvoiceCreated::invoiceId, (invoice, e) ->
                        Document.of("customer_id", e.customerId(), "currency", e.currency(), "status", "open",
                                "month", month(e.issuedAt()), "issued_at", e.issuedAt(), "line_count", 0L,
                                "total", BigDecimal.ZERO, "paid_amount", BigDecimal.ZERO, "refunded_amount", BigDecimal.ZERO,
                                "outstanding", BigDecimal.ZERO, "net_revenue", BigDecimal.ZERO))
                .on("invoice.line_added", LineAdded.class, INVOICES, LineAdded::invoiceId, (invoice, e) -> {
                    if (invoice == null) {
                        return null;
                    }
                    BigDecimal amount = e.unitPrice().multiply(BigDecimal.valueOf(e.quantity()));
                    Document updated = invoice.plus("total", amount).plus("line_count", 1);
                    return "open".equals(invoice.string("status")) ? updated.plus("outstanding", amount) : updated;
                })
                .on("invoice.paid", InvoicePaid.class, INVOICES, InvoicePaid::invoiceId, (invoice, e) ->
                        invoice == null ? null : invoice.with("status", "paid").plus("paid_amount", e.amount())
                                .with("outstanding", BigDecimal.ZERO).plus("net_revenue", e.amount()))
                .on("invoice.cancelled", InvoiceCancelled.class, INVOICES, InvoiceCancelled::invoiceId, (invoice, e) ->
                        invoice == null ? null : invoice.with("status", "cancelled").with("outstanding", BigDecimal.ZERO))
                .on("invoice.refunded", InvoiceRefunded.class, (e, ctx) -> {
                    Document invoice = ctx.get(INVOICES, e.invoiceId()).orElse(null);
                    if (invoice == null) {
                        return;
                    }
                    ctx.put(INVOICES, e.invoiceId(), invoice.plus("refunded_amount", e.amount())
                            .plus("net_revenue", e.amount().negate()));
                    // one row per refund event: its stream version makes the id stable across replays
                    ctx.put(REFUNDS, e.invoiceId() + "#" + ctx.event().streamVersion(), Document.of(
                            "invoice_id", e.invoiceId(), "customer_id", invoice.string("customer_id"),
                            "currency", invoice.string("currency"), "month", month(e.refundedAt()),
                            "amount", e.amount(), "refunded_at", e.refundedAt()));
                })
                .prefetch(INVOICES, InvoiceRefunded::invoiceId)
                .build();
    }

    /** Per month and currency, for open and paid invoices: count, invoiced, paid, outstanding; newest month first. */
    public static Aggregation monthlyTotals() {
        return Aggregation.builder().where(Filter.in("status", List.of("open", "paid"))).groupBy("month", "currency")
                .count("invoices").sum("total", "invoiced").sum("paid_amount", "paid").sum("outstanding", "outstanding")
                .orderBy("-month").limit(1000).build();
    }

    /** Refunds per month (the month they happened) and currency, on {@link #REFUNDS}. */
    public static Aggregation refundsPerMonth() {
        return Aggregation.builder().groupBy("month", "currency").sum("amount", "refunded").limit(1000).build();
    }

    /** The {@code n} customers with the highest net revenue (paid minus refunded) in {@code currency}. */
    public static Aggregation topCustomers(String currency, int n) {
        return Aggregation.builder().where(Filter.eq("currency", currency)).groupBy("customer_id")
                .sum("net_revenue", "revenue").count("invoices").orderBy("-revenue").limit(n).build();
    }

    /** The calendar month of {@code at} in UTC, as {@code 2024-03}. */
    public static String month(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
    }
}
