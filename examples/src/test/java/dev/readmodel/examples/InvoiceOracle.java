package dev.readmodel.examples;

import dev.readmodel.core.model.Document;
import dev.readmodel.examples.history.GeneratedEvent;
import dev.readmodel.examples.invoices.InvoiceAnalytics;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Invoice totals computed straight from the events with plain maps, independently of projections and
 * stores: what the invoice analytics answers must equal.
 */
final class InvoiceOracle {
    private static final class Invoice {
        String currency;
        String month;
        String customer;
        String status = "open";
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
    }

    private final Map<String, Invoice> invoices = new HashMap<>();
    private final Map<String, BigDecimal> refundsByMonth = new TreeMap<>();

    InvoiceOracle(Iterator<GeneratedEvent> history) {
        history.forEachRemaining(g -> apply(g.event().type(), g.event().data()));
    }

    private void apply(String type, JsonNode data) {
        String id = data.path("invoiceId").asText();
        switch (type) {
            case "invoice.created" -> {
                Invoice invoice = new Invoice();
                invoice.currency = data.path("currency").asText();
                invoice.customer = data.path("customerId").asText();
                invoice.month = InvoiceAnalytics.month(Instant.parse(data.path("issuedAt").asText()));
                invoices.put(id, invoice);
            }
            case "invoice.line_added" -> invoices.get(id).total = invoices.get(id).total.add(
                    new BigDecimal(data.path("unitPrice").asText()).multiply(BigDecimal.valueOf(data.path("quantity").asInt())));
            case "invoice.paid" -> {
                invoices.get(id).status = "paid";
                invoices.get(id).paid = invoices.get(id).paid.add(new BigDecimal(data.path("amount").asText()));
            }
            case "invoice.cancelled" -> invoices.get(id).status = "cancelled";
            case "invoice.refunded" -> {
                Invoice invoice = invoices.get(id);
                BigDecimal amount = new BigDecimal(data.path("amount").asText());
                invoice.refunded = invoice.refunded.add(amount);
                refundsByMonth.merge(InvoiceAnalytics.month(Instant.parse(data.path("refundedAt").asText())) + "/"
                        + invoice.currency, amount, BigDecimal::add);
            }
            default -> {
                // other domains
            }
        }
    }

    /** Per month and currency, for open and paid invoices: count, invoiced, paid, outstanding; newest month first. */
    List<Document> monthly() {
        Map<String, BigDecimal[]> groups = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (Invoice invoice : invoices.values()) {
            if (invoice.status.equals("cancelled")) {
                continue;
            }
            BigDecimal[] sums = groups.computeIfAbsent(invoice.month + "/" + invoice.currency,
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(BigDecimal.ONE);
            sums[1] = sums[1].add(invoice.total);
            sums[2] = sums[2].add(invoice.paid);
            sums[3] = sums[3].add(invoice.status.equals("open") ? invoice.total : BigDecimal.ZERO);
        }
        List<Document> rows = new ArrayList<>();
        groups.forEach((key, sums) -> rows.add(Document.of("month", key.substring(0, 7), "currency", key.substring(8),
                "invoices", sums[0].longValueExact(), "invoiced", sums[1], "paid", sums[2], "outstanding", sums[3])));
        // the aggregation orders by month descending, then currency ascending
        rows.sort(java.util.Comparator.comparing((Document d) -> d.string("month")).reversed()
                .thenComparing(d -> d.string("currency")));
        return rows;
    }

    /** Refunds per month/currency. */
    Map<String, BigDecimal> refundsByMonth() {
        return refundsByMonth;
    }

    /** Net revenue (paid minus refunded) per customer in EUR. */
    Map<String, BigDecimal> netRevenueEur() {
        Map<String, BigDecimal> revenue = new HashMap<>();
        for (Invoice invoice : invoices.values()) {
            if (invoice.currency.equals("EUR")) {
                revenue.merge(invoice.customer, invoice.paid.subtract(invoice.refunded), BigDecimal::add);
            }
        }
        return revenue;
    }
}
