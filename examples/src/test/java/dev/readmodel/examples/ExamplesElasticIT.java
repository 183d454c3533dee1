package dev.readmodel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.elastic.ElasticReadModelStore;
import dev.readmodel.elastic.ElasticServer;
import dev.readmodel.examples.cli.PrintedAnswers;
import dev.readmodel.examples.history.EventLoader;
import dev.readmodel.examples.history.HistoryGenerator;
import dev.readmodel.examples.products.ProductSearch;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Product search on a real Elasticsearch: the same products, facets and filters as the in-memory reference. */
class ExamplesElasticIT {
    private static final HistoryGenerator.Options HISTORY = HistoryGenerator.Options.of(30_000, 5)
            .only(HistoryGenerator.Domain.PRODUCTS);

    private static <T> T withProducts(ReadModelStore store, Function<ProjectionEngine, T> ask) throws Exception {
        InMemoryEventStore events = new InMemoryEventStore();
        EventLoader.load(events, new HistoryGenerator(HISTORY), 1_000, n -> { });
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .config(dev.readmodel.core.engine.EngineConfig.DEFAULT.withBatchSize(5_000))
                .register(ProductSearch.projection(), store, ProjectionMode.CATCH_UP).build()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
            return ask.apply(engine);
        }
    }

    private static List<Object> answers(ProjectionEngine engine) {
        SearchResult byPrice = engine.search(ProductSearch.PRODUCTS.name(), ProductSearch.search("waterproof jacket",
                new BigDecimal("50"), new BigDecimal("300"), "hiking", "price", 50, 0));
        SearchResult relevance = engine.search(ProductSearch.PRODUCTS.name(), ProductSearch.search("waterproof jacket",
                null, null, null, "relevance", 5, 0));
        List<Document> all = engine.query(ProductSearch.PRODUCTS.name(), Query.builder().orderBy("-price").limit(100).build());
        SearchResult deeper = engine.search(ProductSearch.PRODUCTS.name(), ProductSearch.search("waterproof jacket",
                null, null, null, "relevance", 50, 0));
        return List.of(byPrice.total(), byPrice.facets(), byPrice.hits().stream().map(h -> h.document()).toList(),
                relevance.total(), relevance.facets(),
                relevance.hits().stream().map(h -> h.document().string("name").toLowerCase()).toList(), all,
                relevance.hits().stream().map(h -> List.of(h.document(), h.highlights())).toList(),
                deeper.hits().stream().map(h -> h.document().string("product_id")).toList());
    }

    @Test
    void productSearchOnElasticsearchAgreesWithTheInMemoryReference() throws Exception {
        List<Object> memory = withProducts(new InMemoryReadModelStore(), ExamplesElasticIT::answers);
        try (ElasticReadModelStore elastic = new ElasticReadModelStore(ElasticServer.freshPrefix())) {
            List<Object> onElastic = withProducts(elastic, ExamplesElasticIT::answers);
            assertThat(onElastic.get(0)).as("matches, price range and tag").isEqualTo(memory.get(0));
            assertThat(onElastic.get(1)).as("facets").isEqualTo(memory.get(1));
            assertThat(onElastic.get(2)).as("hits sorted by price").isEqualTo(memory.get(2));
            assertThat(onElastic.get(3)).as("all matches").isEqualTo(memory.get(3));
            assertThat(onElastic.get(4)).as("facets of all matches").isEqualTo(memory.get(4));
            @SuppressWarnings("unchecked")
            List<String> topNames = (List<String>) onElastic.get(5);
            assertThat(topNames).as("relevance: both words, in the boosted name, rank first")
                    .allMatch(name -> name.contains("waterproof") && name.contains("jacket"));
            assertThat(onElastic.get(6)).as("deleted products gone, price changes reflected").isEqualTo(memory.get(6));
            assertThat(onElastic.get(7)).as("top 5 by relevance, in order, with highlights (issue 23)").isEqualTo(memory.get(7));
            assertThat(onElastic.get(8)).as("top 50 by relevance, in order").isEqualTo(memory.get(8));
        }
    }

    @Test
    void everyAnswerTheDemoPrintsIsTheSameWithProductSearchOnElasticsearch() throws Exception {
        String memory = PrintedAnswers.inMemory();
        InMemoryReadModelStore others = new InMemoryReadModelStore();
        try (ElasticReadModelStore elastic = new ElasticReadModelStore(ElasticServer.freshPrefix())) {
            String onElastic = PrintedAnswers.of(others, others, elastic);
            assertThat(onElastic).isEqualTo(memory).contains("== Search \"waterproof jacket\"").contains("*");
        }
    }
}
