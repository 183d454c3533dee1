package dev.readmodel.elastic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The request bodies that make Elasticsearch answer as the memory store does (issue 22). */
class ElasticQueriesTest {
    private static final ReadModel PRODUCTS = ReadModel.named("products").key("id").field("name", FieldType.TEXT)
            .field("category", FieldType.KEYWORD).field("price", FieldType.DECIMAL).build();

    @Test
    void decimalBoundsTravelAsTheDoublesTheFieldIsIndexedAs() {
        ObjectNode body = ElasticQueries.query(PRODUCTS, PRODUCTS.check(Query.builder()
                .where(Filter.gt("price", "99999999999999999999999999999999")).build()));
        // as a JSON integer it overflowed to a long in the client and matched the wrong documents
        assertThat(body.at("/query/bool/filter/0/range/price/gt").isDouble()).isTrue();
        assertThat(body.at("/query/bool/filter/0/range/price/gt").doubleValue()).isEqualTo(1e32);
    }

    @Test
    void searchesTextByTheLibrarysWordsOnTheWordsFieldAndKeywordsByTheWholeText() {
        ObjectNode body = ElasticQueries.search(PRODUCTS, PRODUCTS.check(SearchQuery.matching("O'Brien's JACKET jacket")
                .in("name", 3).in("category", 1).highlight().build()));
        assertThat(body.at("/query/bool/must/0/dis_max/queries/0/match/name#words/query").asText())
                .isEqualTo("o brien s jacket");
        assertThat(body.at("/query/bool/must/0/dis_max/queries/0/match/name#words/boost").doubleValue()).isEqualTo(3.0);
        assertThat(body.at("/query/bool/must/0/dis_max/queries/1/term/category/value").asText())
                .isEqualTo("O'Brien's JACKET jacket");
        assertThat(body.has("highlight")).as("marked from the documents, as in memory").isFalse();
        assertThat(body.at("/sort/0/_score/order").asText()).isEqualTo("desc");
        assertThat(body.at("/sort/1/id/order").asText()).as("ties by key").isEqualTo("asc");
    }

    @Test
    void aTextFieldIsWrittenWithItsWordsAndMappedWithTheWhitespaceAnalyzer() {
        ObjectNode source = ElasticJson.source(PRODUCTS, PRODUCTS.conform("p", Document.of("name", "Rain-Jacket, 中文!")));
        assertThat(source.get("name#words").asText()).isEqualTo("rain jacket 中文");
        ObjectNode index = ElasticJson.indexBody(PRODUCTS, false, 0);
        assertThat(index.at("/mappings/properties/name#words/analyzer").asText()).isEqualTo("whitespace");
        assertThat(index.at("/settings/index/max_result_window").asInt()).isEqualTo(Query.MAX_WINDOW);
    }
}
