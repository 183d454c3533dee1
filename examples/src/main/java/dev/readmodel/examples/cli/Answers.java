package dev.readmodel.examples.cli;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.examples.invoices.InvoiceAnalytics;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.examples.products.ProductSearch;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The questions the examples answer, asked of whatever stores the engine writes to. */
final class Answers {
    private final ProjectionEngine engine;
    private final PrintWriter out;

    Answers(ProjectionEngine engine, PrintWriter out) {
        this.engine = engine;
        this.out = out;
    }

    void printAll() {
        monthlyInvoices();
        paidVersusOutstanding();
        topCustomers();
        orders();
        productSearch();
    }

    /** Invoiced, paid and outstanding per month and currency (cancelled invoices left out), with refunds. */
    List<Document> monthlyInvoices() {
        List<Document> months = engine.aggregate(InvoiceAnalytics.INVOICES.name(), InvoiceAnalytics.monthlyTotals());
        Map<String, BigDecimal> refunds = new HashMap<>();
        for (Document refund : engine.aggregate(InvoiceAnalytics.REFUNDS.name(), InvoiceAnalytics.refundsPerMonth())) {
            refunds.put(refund.string("month") + refund.string("currency"), refund.decimal("refunded", BigDecimal.ZERO));
        }
        TextTable table = new TextTable("month", "currency", "invoices", "invoiced", "paid", "outstanding", "refunded");
        for (Document month : months.subList(0, Math.min(12, months.size()))) {
            table.row(month.string("month"), month.string("currency"), month.get("invoices"), month.get("invoiced"),
                    month.get("paid"), month.get("outstanding"),
                    refunds.getOrDefault(month.string("month") + month.string("currency"), BigDecimal.ZERO));
        }
        heading("Invoices per month (last 12 month-currency rows; refunds in the month they happened)");
        table.print(out);
        return months;
    }

    List<Document> paidVersusOutstanding() {
        List<Document> totals = engine.aggregate(InvoiceAnalytics.INVOICES.name(), Aggregation.builder()
                .groupBy("currency", "status").count("invoices").sum("total", "total").sum("paid_amount", "paid")
                .sum("refunded_amount", "refunded").sum("outstanding", "outstanding").build());
        TextTable table = new TextTable("currency", "status", "invoices", "total", "paid", "refunded", "outstanding");
        totals.forEach(t -> table.row(t.string("currency"), t.string("status"), t.get("invoices"), t.get("total"),
                t.get("paid"), t.get("refunded"), t.get("outstanding")));
        heading("Paid versus outstanding");
        table.print(out);
        return totals;
    }

    List<Document> topCustomers() {
        List<Document> top = engine.aggregate(InvoiceAnalytics.INVOICES.name(), InvoiceAnalytics.topCustomers("EUR", 5));
        TextTable table = new TextTable("customer", "invoices", "net revenue (EUR)");
        top.forEach(c -> table.row(c.string("customer_id"), c.get("invoices"), c.get("revenue")));
        heading("Top 5 customers by net revenue in EUR (paid minus refunded)");
        table.print(out);
        return top;
    }

    List<Document> orders() {
        List<Document> statuses = engine.aggregate(OrderProjections.ORDER_SUMMARIES.name(), Aggregation.builder()
                .groupBy("status").count("orders").sum("total_amount", "amount").build());
        TextTable table = new TextTable("status", "orders", "amount");
        statuses.forEach(s -> table.row(s.string("status"), s.get("orders"), s.get("amount")));
        heading("Orders by status");
        table.print(out);
        List<Document> days = engine.query(OrderProjections.DAILY_SALES.name(), Query.builder()
                .orderBy("-total_revenue").limit(5).build());
        TextTable best = new TextTable("day", "orders", "revenue", "items", "refunds");
        days.forEach(d -> best.row(d.get("day"), d.get("total_orders"), d.get("total_revenue"), d.get("total_items"),
                d.get("total_refunds")));
        heading("Best 5 sales days (net of refunds)");
        best.print(out);
        return statuses;
    }

    SearchResult productSearch() {
        SearchResult result = engine.search(ProductSearch.PRODUCTS.name(), ProductSearch.search("waterproof jacket",
                new BigDecimal("50"), new BigDecimal("300"), "hiking", "relevance", 5, 0));
        heading("Search \"waterproof jacket\", 50-300, tag hiking: " + result.total() + " products");
        TextTable hits = new TextTable("product", "name", "category", "price");
        boolean terminal = Highlights.terminal();
        result.hits().forEach(h -> hits.row(h.document().string("product_id"),
                Highlights.render(h.highlights().getOrDefault("name", List.of(h.document().string("name"))).get(0), terminal),
                h.document().string("category"), h.document().get("price")));
        hits.print(out);
        TextTable facets = new TextTable("category", "products");
        result.facets().get("category").forEach(f -> facets.row(f.value(), f.count()));
        out.println();
        facets.print(out);
        return result;
    }

    private void heading(String text) {
        out.println();
        out.println("== " + text);
    }
}
