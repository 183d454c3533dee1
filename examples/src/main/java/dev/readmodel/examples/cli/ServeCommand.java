package dev.readmodel.examples.cli;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Query;
import dev.readmodel.server.QueryServer;
import dev.readmodel.server.QueryServerConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The examples behind the query server: every read model served, history by stream, operations behind a token. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Project the history, then serve every read model over HTTP (JSON, OpenAPI at /openapi.json) until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    private Options options;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--base-path", defaultValue = "", description = "Path every endpoint is under, such as /api.")
    private String basePath;

    @Option(names = "--read-token", defaultValue = "${env:READMODEL_SERVER_READ_TOKEN}",
            description = "Bearer token reads need (env READMODEL_SERVER_READ_TOKEN); open reads when absent.")
    private String readToken;

    @Option(names = "--operations-token", defaultValue = "${env:READMODEL_SERVER_OPERATIONS_TOKEN}",
            description = "Bearer token operations need (env READMODEL_SERVER_OPERATIONS_TOKEN); operations off when absent.")
    private String operationsToken;

    @Option(names = "--cors-origin", description = "Origin allowed to call from a browser (repeatable); none by default.")
    private List<String> corsOrigins = List.of();

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this many seconds; 0 serves until stopped (default).")
    private int seconds;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        QueryServerConfig.Builder config = QueryServerConfig.builder().host(host).port(port).basePath(basePath)
                .serveAll().readToken(blank(readToken)).operationsToken(blank(operationsToken))
                .corsOrigins(corsOrigins.toArray(new String[0]))
                // the generated history keeps each order, customer, invoice and product in a stream named by its id
                .historyStream("order_summaries", id -> id).historyStream("customers", id -> id)
                .historyStream("customer_activity_summary", id -> id).historyStream("invoice_analytics", id -> id)
                .historyStream("products", id -> id);
        QueryServerConfig built = config.build();
        try (Session session = Session.open(options, true, err)) {
            session.backends.describe().forEach((what, where) -> err.println(what + ": " + where));
            session.catchUp();
            try (QueryServer server = QueryServer.start(session.engine, session.backends.events, built)) {
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "readmodel-serve-stop"));
                printUrls(server, session, out);
                out.flush();
                if (seconds > 0) {
                    Thread.sleep(seconds * 1000L);
                } else {
                    server.awaitStop();
                }
            }
        }
        return 0;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private void printUrls(QueryServer server, Session session, PrintWriter out) {
        String base = server.url().toString();
        List<Document> order = session.engine.query("order_summaries", Query.builder().orderBy("-total_amount").limit(1).build());
        String id = order.isEmpty() ? "ORDER_ID" : order.get(0).string("order_id");
        out.println("query server at " + base + " (Ctrl-C stops it); try:");
        out.println("  curl -s '" + base + "/openapi.json'");
        out.println("  curl -s '" + base + "/read-models'");
        out.println("  curl -s '" + base + "/read-models/order_summaries/documents?status=completed&total_amount:gte=500&order=-total_amount&limit=5&total=true'");
        out.println("  curl -s '" + base + "/read-models/order_summaries/documents/" + id + "?include=history'");
        out.println("  curl -s '" + base + "/read-models/order_summaries/aggregate?group=status&count=orders&sum=total_amount:amount&order=-amount'");
        out.println("  curl -s '" + base + "/read-models/products/search?q=waterproof%20jacket&facet=category&highlight=true&limit=3'");
        out.println("  curl -s '" + base + "/read-models/order_summaries/documents?total_amount:gt=lots'   # a problem (400)");
        if (operationsToken == null || operationsToken.isBlank()) {
            out.println("operations are off: set READMODEL_SERVER_OPERATIONS_TOKEN (16+ characters) to turn them on");
            out.println("operations dashboard at " + base + "/dashboard (needs operations on)");
        } else {
            out.println("operations dashboard at " + base + "/dashboard: enter the operations token"
                    + " (--operations-token, else $READMODEL_SERVER_OPERATIONS_TOKEN)");
            out.println("  curl -s -H \"Authorization: Bearer $READMODEL_SERVER_OPERATIONS_TOKEN\" '" + base + "/operations/projections'");
            out.println("  curl -s -H \"Authorization: Bearer $READMODEL_SERVER_OPERATIONS_TOKEN\" '" + base + "/streams/" + id
                    + "/events?limit=3'");
        }
    }
}
