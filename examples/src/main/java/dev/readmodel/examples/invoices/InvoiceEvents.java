package dev.readmodel.examples.invoices;

import java.math.BigDecimal;
import java.time.Instant;

/** The invoice events of the invoice analytics example. Amounts in the invoice's currency. */
public final class InvoiceEvents {
    private InvoiceEvents() {
    }

    /** {@code invoice.created}. */
    public record InvoiceCreated(String invoiceId, String customerId, String currency, Instant issuedAt, Instant dueAt) {
    }

    /** {@code invoice.line_added}. */
    public record LineAdded(String invoiceId, String description, BigDecimal unitPrice, int quantity, Instant at) {
    }

    /** {@code invoice.paid}. */
    public record InvoicePaid(String invoiceId, BigDecimal amount, Instant paidAt) {
    }

    /** {@code invoice.cancelled}: an unpaid invoice withdrawn. */
    public record InvoiceCancelled(String invoiceId, String reason, Instant cancelledAt) {
    }

    /** {@code invoice.refunded}: money returned on a paid invoice, possibly months later. */
    public record InvoiceRefunded(String invoiceId, BigDecimal amount, Instant refundedAt) {
    }
}
