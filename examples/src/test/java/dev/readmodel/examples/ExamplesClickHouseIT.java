package dev.readmodel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.clickhouse.ClickHouseReadModelStore;
import dev.readmodel.clickhouse.ClickHouseServer;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.examples.cli.PrintedAnswers;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.invoices.InvoiceAnalytics;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invoice analytics on a real ClickHouse, checked against totals computed from the events alone. */
class ExamplesClickHouseIT {
    private static final HistoryGenerator.Options HISTORY = HistoryGenerator.Options.of(60_000, 21)
            .only(HistoryGenerator.Domain.INVOICES);

    @Test
    void invoiceAnswersOnClickHouseEqualIndependentTotalsIncludingLateRefundsAndCancellations() throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        EventLoader.load(events, new HistoryGenerator(HISTORY), 1_000, n -> { });
        InvoiceOracle oracle = new InvoiceOracle(new HistoryGenerator(HISTORY));
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase());
                ProjectionEngine engine = ProjectionEngine.builder(events)
                        .register(InvoiceAnalytics.projection(), store, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();

            List<Document> monthly = engine.aggregate(InvoiceAnalytics.INVOICES.name(), InvoiceAnalytics.monthlyTotals());
            assertThat(monthly).hasSizeGreaterThan(20).isEqualTo(oracle.monthly());

            List<Document> refunds = engine.aggregate(InvoiceAnalytics.REFUNDS.name(), InvoiceAnalytics.refundsPerMonth());
            assertThat(refunds).hasSize(oracle.refundsByMonth().size());
            refunds.forEach(r -> assertThat(r.decimal("refunded", null)).isEqualByComparingTo(
                    oracle.refundsByMonth().get(r.string("month") + "/" + r.string("currency"))));

            Map<String, BigDecimal> revenue = oracle.netRevenueEur();
            List<Document> top = engine.aggregate(InvoiceAnalytics.INVOICES.name(), InvoiceAnalytics.topCustomers("EUR", 10));
            assertThat(top).hasSize(10);
            top.forEach(c -> assertThat(c.decimal("revenue", null)).isEqualByComparingTo(revenue.get(c.string("customer_id"))));
            assertThat(top.get(0).decimal("revenue", null)).isEqualByComparingTo(
                    revenue.values().stream().max(BigDecimal::compareTo).orElseThrow());
        }
    }

    @Test
    void everyAnswerTheDemoPrintsIsTheSameWithInvoiceAnalyticsOnClickHouse() throws Exception {
        String memory = PrintedAnswers.inMemory();
        InMemoryReadModelStore others = new InMemoryReadModelStore();
        try (ClickHouseReadModelStore store = new ClickHouseReadModelStore(ClickHouseServer.freshDatabase())) {
            String clickhouse = PrintedAnswers.of(others, store, others);
            assertThat(clickhouse).isEqualTo(memory).contains("== Invoices per month").contains("== Top 5 customers");
        }
    }
}
