package dev.readmodel.examples.cli;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Queries one read model with the query contract. */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Query a read model: filters, order, limit, offset.")
final class QueryCommand implements Callable<Integer> {
    @Mixin
    private Options options;

    @Parameters(paramLabel = "READ_MODEL", description = "order_summaries, daily_sales, customers, customer_activity_summary, "
            + "customer_order_history, invoice_analytics, invoice_refunds or products.")
    private String readModel;

    @Option(names = "--where", description = "Filter: field=value, field:in=a,b, field:gt=, :gte=, :lt=, :lte= (repeatable).")
    private List<String> where = new ArrayList<>();

    @Option(names = "--order", split = ",", description = "Order terms, '-' for descending: --order -total_amount,order_id")
    private List<String> order = new ArrayList<>();

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many (default: ${DEFAULT-VALUE}).")
    private int offset;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Query.Builder query = Query.builder().limit(limit).offset(offset).orderBy(order.toArray(new String[0]));
        where.forEach(w -> query.where(Filter.parse(w)));
        Query built = query.build();
        try (Session session = Session.open(options, false, spec.commandLine().getErr())) {
            ReadModel model = session.engine.readModel(readModel);
            model.check(built);
            session.catchUp(); // read models in memory are rebuilt from the events by every process
            List<Document> documents = session.engine.query(readModel, built);
            session.notePartial(readModel);
            TextTable table = new TextTable(model.fields().keySet().toArray(new String[0]));
            for (Document document : documents) {
                table.row(model.fields().keySet().stream().map(document::get).toArray());
            }
            table.print(spec.commandLine().getOut());
            spec.commandLine().getOut().println(documents.size() + " documents");
        }
        return 0;
    }
}
