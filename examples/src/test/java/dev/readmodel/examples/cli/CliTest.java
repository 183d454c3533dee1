package dev.readmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI end to end on the in-memory default: answers printed, and exit codes scripts can rely on. */
class CliTest {
    private record Run(int exit, String out, String err) {
    }

    /** Runs the CLI in memory, whatever READMODEL_* the environment holds (CI exports them). */
    private static Run run(String... args) {
        if (java.util.Arrays.asList(args).contains("--postgres-url")) {
            return execute(args);
        }
        String[] inMemory = java.util.Arrays.copyOf(args, args.length + 3);
        inMemory[args.length] = "--postgres-url=";
        inMemory[args.length + 1] = "--clickhouse-url=";
        inMemory[args.length + 2] = "--elastic-url=";
        return execute(inMemory);
    }

    private static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = App.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theDemoPrintsEveryAnswerAndEveryProjectionLive() {
        Run run = run("demo", "--events", "20000", "--live-events", "300");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("== Invoices per month", "== Paid versus outstanding", "== Top 5 customers",
                "== Orders by status", "== Best 5 sales days", "== Search \"waterproof jacket\"", "== Projections");
        for (String projection : new String[] {"order-summary", "daily-sales", "customer-activity", "invoice-analytics",
            "product-search"}) {
            assertThat(run.out()).containsPattern(projection + "\\s+PERSISTENT\\s+LIVE\\s+20,300\\s+20,300\\s+0 ");
        }
        assertThat(run.err()).contains("live: appended 300 events").contains("all applied");
    }

    @Test
    void queryRebuildAndSearchWork() {
        Run query = run("query", "daily_sales", "--events", "5000", "--order", "-total_revenue", "--limit", "2");
        assertThat(query.exit()).as(query.err()).isZero();
        assertThat(query.out()).contains("total_revenue").contains("2 documents");
        Run rebuild = run("rebuild", "order-summary", "--events", "5000", "--zero-downtime");
        assertThat(rebuild.exit()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).containsPattern("rebuilt order-summary: [0-9,]+ events");
        assertThat(rebuild.err()).contains("100%");
        Run search = run("search", "tent", "--events", "5000", "--order", "price");
        assertThat(search.exit()).as(search.err()).isZero();
        assertThat(search.out()).contains("products match").contains("category").contains("*tent*").doesNotContain("<em>");
    }

    @Test
    void highlightsAreBoldOnATerminalAndBetweenAsterisksElseAndTablesAlignOnWhatShows() {
        assertThat(Highlights.render("Waterproof <em>Jacket</em>", false)).isEqualTo("Waterproof *Jacket*");
        String bold = Highlights.render("<em>Waterproof</em> Jacket", true);
        assertThat(bold).isEqualTo("\u001B[1mWaterproof\u001B[22m Jacket");
        java.io.StringWriter text = new java.io.StringWriter();
        try (java.io.PrintWriter out = new java.io.PrintWriter(text)) {
            new TextTable("name", "n").row(bold, 1).row("Tent", 2).print(out);
        }
        assertThat(text.toString().lines().toList().get(1)).isEqualTo("-".repeat("Waterproof Jacket".length()) + "  -");
        assertThat(text.toString()).contains("Tent               2");
    }

    @Test
    void badInputGetsAClearErrorAndAnExitCodeScriptsCanUse() {
        Run unknown = run("rebuild", "no-such-projection", "--events", "10");
        assertThat(unknown.exit()).isEqualTo(App.UNKNOWN);
        assertThat(unknown.err()).contains("Unknown projection [no-such-projection]").contains("order-summary");
        Run field = run("query", "order_summaries", "--events", "10", "--where", "colour=red");
        assertThat(field.exit()).isEqualTo(App.INVALID_QUERY);
        assertThat(field.err()).contains("Unknown field [colour]");
        Run operator = run("query", "order_summaries", "--events", "10", "--where", "total_amount:like=3");
        assertThat(operator.exit()).isEqualTo(App.INVALID_QUERY);
        Run limit = run("query", "order_summaries", "--events", "10", "--limit", "-1");
        assertThat(limit.exit()).isEqualTo(App.INVALID_QUERY);
        assertThat(limit.err()).contains("limit [-1]");
        Run flag = run("demo", "--no-such-flag");
        assertThat(flag.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(flag.err()).contains("--no-such-flag");
        Run order = run("search", "x", "--events", "10", "--order", "name");
        assertThat(order.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        // issue 22: values no store can represent are invalid queries (exit 5), never "unreachable" (exit 4)
        Run wordless = run("search", "*:*", "--events", "10");
        assertThat(wordless.exit()).isEqualTo(App.INVALID_QUERY);
        assertThat(wordless.err()).contains("Search text [*:*] has no words");
        Run huge = run("query", "order_summaries", "--events", "10", "--where", "status=" + "x".repeat(1 << 20));
        assertThat(huge.exit()).isEqualTo(App.INVALID_QUERY);
        assertThat(huge.err()).contains("at most 8191 characters").hasSizeLessThan(2_000);
        Run edge = run("query", "order_summaries", "--events", "10", "--where", "created_at:gte=+292278994-08-17T07:12:55.807Z");
        assertThat(edge.exit()).isEqualTo(App.INVALID_QUERY);
        assertThat(edge.err()).contains("timestamps are from 1900-01-01T00:00:00Z");
        Run deep = run("query", "order_summaries", "--events", "10", "--offset", "19999", "--limit", "2");
        assertThat(deep.exit()).isEqualTo(App.INVALID_QUERY);
        assertThat(deep.err()).contains("20000");
        Run kafkaInMemory = run("rebuild", "order-summary", "--kafka", "--events", "10");
        assertThat(kafkaInMemory.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(kafkaInMemory.err()).contains("rebuild --kafka needs the PostgreSQL event store (--postgres-url)");
        Run kafkaShadow = run("rebuild", "order-summary", "--kafka", "--zero-downtime", "--events", "10");
        assertThat(kafkaShadow.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(kafkaShadow.err()).contains("--zero-downtime is for the engine's rebuilds");
        Run unreachable = run("status", "--postgres-url", "jdbc:postgresql://127.0.0.1:1/none", "--postgres-user", "x");
        assertThat(unreachable.exit()).isEqualTo(App.UNREACHABLE);
        assertThat(unreachable.err()).contains("PostgreSQL at [jdbc:postgresql://127.0.0.1:1/none] is unreachable");
    }
}
