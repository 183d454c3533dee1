package dev.readmodel.examples.cli;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.invoices.InvoiceAnalytics;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.examples.products.ProductSearch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

/**
 * Every answer the demo prints ({@link Answers#printAll}: invoices per month, paid versus outstanding, top
 * customers, orders by status, best days, the product search with its order, highlights and facets), as
 * text, over one generated history projected into the given stores: what the examples' ITs compare
 * between memory and each real store.
 */
public final class PrintedAnswers {
    /** The history every comparison uses: all domains, enough for every answer to have rows. */
    public static final HistoryGenerator.Options HISTORY = HistoryGenerator.Options.of(30_000, 23);

    private PrintedAnswers() {
    }

    /** The printed answers with every read model in memory. */
    public static String inMemory() throws Exception {
        InMemoryReadModelStore memory = new InMemoryReadModelStore();
        return of(memory, memory, memory);
    }

    /** The printed answers with order models in {@code orders}, invoices in {@code invoices}, products in {@code products}. */
    public static String of(ReadModelStore orders, ReadModelStore invoices, ReadModelStore products) throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        EventLoader.load(events, new HistoryGenerator(HISTORY), 1_000, n -> { });
        ProjectionEngine.Builder builder = ProjectionEngine.builder(events).config(EngineConfig.DEFAULT.withBatchSize(2_000));
        for (Projection projection : List.of(OrderProjections.orderSummary(), OrderProjections.dailySales(),
                OrderProjections.customerActivity())) {
            builder.register(projection, orders, ProjectionMode.CATCH_UP);
        }
        builder.register(InvoiceAnalytics.projection(), invoices, ProjectionMode.CATCH_UP);
        builder.register(ProductSearch.projection(), products, ProjectionMode.CATCH_UP);
        try (ProjectionEngine engine = builder.build()) {
            engine.start();
            if (!engine.awaitCaughtUp(Duration.ofMinutes(3))) {
                throw new AssertionError("the examples did not catch up in 3 minutes: " + engine.status());
            }
            StringWriter text = new StringWriter();
            try (PrintWriter out = new PrintWriter(text)) {
                new Answers(engine, out).printAll();
            }
            return text.toString();
        }
    }
}
