package dev.readmodel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.examples.cli.App;
import dev.readmodel.examples.cli.PrintedAnswers;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same generated history gives the same answers in memory and on PostgreSQL. */
class ExamplesPostgresIT {
    private static final HistoryGenerator.Options HISTORY = HistoryGenerator.Options.of(40_000, 11)
            .only(HistoryGenerator.Domain.ORDERS);

    private static List<List<Document>> answers(EventStore events, ReadModelStore store) throws Exception {
        EventLoader.load(events, new HistoryGenerator(HISTORY), 1_000, n -> { });
        ProjectionEngine.Builder builder = ProjectionEngine.builder(events);
        for (Projection projection : List.of(OrderProjections.orderSummary(), OrderProjections.dailySales(),
                OrderProjections.customerActivity())) {
            builder.register(projection, store, ProjectionMode.CATCH_UP);
        }
        try (ProjectionEngine engine = builder.build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
            List<List<Document>> answers = new ArrayList<>();
            answers.add(engine.aggregate("order_summaries", Aggregation.builder().groupBy("status").count("orders")
                    .sum("total_amount", "amount").sum("item_count", "items").build()));
            answers.add(engine.query("daily_sales", Query.builder().orderBy("-total_revenue").limit(20).build()));
            answers.add(engine.query("customer_activity_summary", Query.builder().orderBy("-total_spent", "customer_id")
                    .limit(50).build()));
            answers.add(engine.query("customers", Query.builder().orderBy("-created_at").limit(50).build()));
            answers.add(engine.aggregate("customer_order_history", Aggregation.builder().count("orders")
                    .sum("amount", "amount").build()));
            return answers;
        }
    }

    @Test
    void ordersAnswersAgreeAcrossMemoryAndPostgres() throws Exception {
        List<List<Document>> memory = answers(new InMemoryEventStore(), new InMemoryReadModelStore());
        String schema = PostgresServer.freshSchema();
        try (PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), schema)) {
            List<List<Document>> postgres = answers(events, new PostgresReadModelStore(PostgresServer.dataSource(), schema));
            assertThat(postgres).isEqualTo(memory);
            assertThat(memory.get(0)).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void everyAnswerTheDemoPrintsIsTheSameWithTheOrderModelsOnPostgres() throws Exception {
        String memory = PrintedAnswers.inMemory();
        InMemoryReadModelStore others = new InMemoryReadModelStore();
        String postgres = PrintedAnswers.of(new PostgresReadModelStore(PostgresServer.dataSource(),
                PostgresServer.freshSchema()), others, others);
        assertThat(postgres).isEqualTo(memory).contains("== Orders by status").contains("== Best 5 sales days");
    }

    @Test
    void theDemoRunsOnPostgresAndAgainResumesWithoutReloading() {
        PostgresConfig config = PostgresServer.config();
        String schema = PostgresServer.freshSchema();
        String[] args = {"demo", "--events", "8000", "--live-events", "200", "--postgres-url", config.jdbcUrl(),
            "--postgres-user", config.user(), "--postgres-password", config.password(), "--postgres-schema", schema};
        assertThat(App.commandLine().execute(args)).isZero();
        assertThat(App.commandLine().execute(args)).as("second run on the same schema").isZero();
        try (PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), schema)) {
            assertThat(events.head().position()).as("history loaded once, live events twice").isEqualTo(8_400);
        }
    }
}
