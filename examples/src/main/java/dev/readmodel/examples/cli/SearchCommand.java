package dev.readmodel.examples.cli;

import dev.readmodel.core.query.SearchResult;
import dev.readmodel.examples.products.ProductSearch;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Searches the product catalogue. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Full-text product search with facets.")
final class SearchCommand implements Callable<Integer> {
    @Mixin
    private Options options;

    @Parameters(paramLabel = "TEXT", description = "Words to look for in name and description.")
    private String text;

    @Option(names = "--min-price", description = "Lowest price.")
    private BigDecimal minPrice;

    @Option(names = "--max-price", description = "Highest price.")
    private BigDecimal maxPrice;

    @Option(names = "--tag", description = "Only products with this tag.")
    private String tag;

    @Option(names = "--order", defaultValue = "relevance", description = "relevance, price or -price (default: ${DEFAULT-VALUE}).")
    private String order;

    @Option(names = "--limit", defaultValue = "10", description = "Hits per page (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Hits to skip (default: ${DEFAULT-VALUE}).")
    private int offset;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!List.of("relevance", "price", "-price").contains(order)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid --order [" + order + "]: expected relevance, price or -price");
        }
        var search = ProductSearch.search(text, minPrice, maxPrice, tag, order, limit, offset);
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(options, false, spec.commandLine().getErr())) {
            session.catchUp(); // read models in memory are rebuilt from the events by every process
            SearchResult result = session.engine.search(ProductSearch.PRODUCTS.name(), search);
            session.notePartial(ProductSearch.PRODUCTS.name());
            out.println(result.total() + " products match");
            TextTable hits = new TextTable("product", "name", "category", "price", "tags");
            boolean terminal = Highlights.terminal();
            result.hits().forEach(h -> hits.row(h.document().string("product_id"),
                    Highlights.render(h.highlights().getOrDefault("name", List.of(h.document().string("name"))).get(0), terminal),
                    h.document().string("category"), h.document().get("price"), h.document().list("tags")));
            hits.print(out);
            result.facets().forEach((facet, counts) -> {
                out.println();
                TextTable table = new TextTable(facet, "products");
                counts.forEach(c -> table.row(c.value(), c.count()));
                table.print(out);
            });
        }
        return 0;
    }
}
