package dev.readmodel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.invoices.InvoiceAnalytics;
import dev.readmodel.examples.products.ProductSearch;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The examples' answers on the in-memory default, checked against totals computed from the events alone. */
class ExamplesTest {
    private static final HistoryGenerator.Options HISTORY = HistoryGenerator.Options.of(60_000, 7);
    private static ProjectionEngine engine;

    @BeforeAll
    static void project() throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        EventLoader.load(events, new HistoryGenerator(HISTORY), 1_000, n -> { });
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        engine = ProjectionEngine.builder(events)
                .register(InvoiceAnalytics.projection(), store, ProjectionMode.CATCH_UP)
                .register(ProductSearch.projection(), store, ProjectionMode.CATCH_UP)
                .build();
        engine.start();
        assertThat(engine.awaitCaughtUp(Duration.ofMinutes(1))).isTrue();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void monthlyInvoiceTotalsEqualTotalsComputedFromTheEvents() {
        InvoiceOracle oracle = new InvoiceOracle(new HistoryGenerator(HISTORY));
        List<Document> monthly = engine.aggregate(InvoiceAnalytics.INVOICES.name(), InvoiceAnalytics.monthlyTotals());
        assertThat(monthly).hasSizeGreaterThan(20).isEqualTo(oracle.monthly());

        List<Document> refunds = engine.aggregate(InvoiceAnalytics.REFUNDS.name(), InvoiceAnalytics.refundsPerMonth());
        assertThat(refunds).isNotEmpty();
        for (Document refund : refunds) {
            assertThat(refund.decimal("refunded", null)).isEqualByComparingTo(
                    oracle.refundsByMonth().get(refund.string("month") + "/" + refund.string("currency")));
        }
        assertThat(refunds).hasSize(oracle.refundsByMonth().size());
    }

    @Test
    void topCustomersByNetRevenueAccountForRefundsArrivingLater() {
        Map<String, BigDecimal> expected = new InvoiceOracle(new HistoryGenerator(HISTORY)).netRevenueEur();
        List<Document> top = engine.aggregate(InvoiceAnalytics.INVOICES.name(), InvoiceAnalytics.topCustomers("EUR", 5));
        List<BigDecimal> best = expected.values().stream().sorted(java.util.Comparator.reverseOrder()).limit(5).toList();
        assertThat(top).extracting(d -> d.decimal("revenue", null)).usingElementComparator(BigDecimal::compareTo)
                .containsExactlyElementsOf(best);
        top.forEach(d -> assertThat(d.decimal("revenue", null)).isEqualByComparingTo(expected.get(d.string("customer_id"))));
    }

    @Test
    void productSearchFindsLiveProductsWithFacetsAndReflectsPrices() {
        SearchResult result = engine.search(ProductSearch.PRODUCTS.name(), ProductSearch.search("waterproof jacket",
                new BigDecimal("50"), new BigDecimal("300"), "hiking", "-price", 10, 0));
        assertThat(result.total()).isPositive();
        assertThat(result.hits()).extracting(h -> h.document().decimal("price", null)).isSortedAccordingTo(
                java.util.Comparator.reverseOrder());
        assertThat(result.hits()).allSatisfy(h -> {
            assertThat(h.document().list("tags")).contains("hiking");
            assertThat(h.document().decimal("price", null)).isBetween(new BigDecimal("50"), new BigDecimal("300"));
        });
        long facetTotal = result.facets().get("category").stream().mapToLong(SearchResult.FacetCount::count).sum();
        assertThat(facetTotal).isEqualTo(result.total());
        int live = engine.query(ProductSearch.PRODUCTS.name(), Query.builder().limit(Query.MAX_LIMIT).build()).size();
        assertThat(live).as("deleted products are gone").isLessThan(created());
    }

    private static int created() {
        int created = 0;
        for (var it = new HistoryGenerator(HISTORY); it.hasNext(); ) {
            if (it.next().event().type().equals("product.created")) {
                created++;
            }
        }
        return created;
    }
}
