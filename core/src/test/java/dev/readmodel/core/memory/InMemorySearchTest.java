package dev.readmodel.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemorySearchTest {
    static final ReadModel PRODUCTS = ReadModel.named("products").key("id")
            .field("name", FieldType.TEXT).field("description", FieldType.TEXT)
            .field("category", FieldType.KEYWORD).field("price", FieldType.DECIMAL).field("tags", FieldType.KEYWORD_LIST)
            .build();

    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    @BeforeEach
    void catalogue() {
        store.prepare(List.of(PRODUCTS));
        store.commit(new WriteBatch("p", List.of(
                put("1", "Waterproof jacket", "A jacket for rain", "outerwear", "120.00", List.of("hiking", "winter")),
                put("2", "Insulated jacket", "Warm, not waterproof", "outerwear", "90.00", List.of("winter")),
                put("3", "Waterproof boots", "Boots for wet trails", "footwear", "150.00", List.of("hiking")),
                put("4", "Tent", "A tent for two", "camping", "300.00", List.of("summer"))), 4));
    }

    private static DocumentWrite put(String id, String name, String description, String category, String price,
            List<String> tags) {
        return new DocumentWrite.Put(PRODUCTS, id, PRODUCTS.conform(id, Document.of("name", name, "description", description,
                "category", category, "price", price, "tags", tags)), 1);
    }

    private SearchResult search(SearchQuery query) {
        return store.search(PRODUCTS, query);
    }

    @Test
    void anyWordMatchesAndDocumentsWithAllWordsInTheBoostedFieldRankFirst() {
        SearchResult result = search(SearchQuery.matching("waterproof jacket").in("name", 3).in("description", 1)
                .facets("category", "tags").build());
        assertThat(result.total()).isEqualTo(3);
        assertThat(result.hits()).extracting(h -> h.document().string("id")).startsWith("1").containsOnly("1", "2", "3");
        assertThat(result.facets().get("category")).containsExactly(new SearchResult.FacetCount("outerwear", 2),
                new SearchResult.FacetCount("footwear", 1));
        assertThat(result.facets().get("tags")).containsExactly(new SearchResult.FacetCount("hiking", 2),
                new SearchResult.FacetCount("winter", 2));
    }

    @Test
    void filtersPriceRangesTagsOrderAndPagesApply() {
        SearchResult result = search(SearchQuery.matching("waterproof").in("name", 1).in("description", 1)
                .where(Filter.between("price", "100", "200"), Filter.eq("tags", "hiking")).orderBy("-price").page(1, 0).build());
        assertThat(result.total()).isEqualTo(2);
        assertThat(result.hits()).extracting(h -> h.document().get("price")).containsExactly(new BigDecimal("150.00"));
        assertThat(search(SearchQuery.matching("").facets("category").page(0, 0).build()).total()).isEqualTo(4);
    }

    @Test
    void highlightsMarkTheMatchedWords() {
        SearchResult result = search(SearchQuery.matching("Boots").in("name", 1).in("description", 1).highlight().build());
        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.highlights().get("name")).containsExactly("Waterproof <em>boots</em>");
            assertThat(hit.highlights().get("description")).containsExactly("<em>Boots</em> for wet trails");
        });
    }

    @Test
    void operatorsInTheTextAreJustWordsAndBadSearchesAreNamed() {
        assertThat(search(SearchQuery.matching("name:tent OR *:* AND \"jacket\"").in("name", 1).build()).hits())
                .extracting(h -> h.document().string("id")).containsExactlyInAnyOrder("4", "1", "2");
        assertThatThrownBy(() -> search(SearchQuery.matching("x").in("price", 1).build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("[price]");
        assertThatThrownBy(() -> search(SearchQuery.matching("x").in("name", 1).facets("description").build()))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("facet [description]");
        assertThatThrownBy(() -> SearchQuery.matching("x".repeat(1001)).in("name", 1).build())
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> SearchQuery.matching("x").build()).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> SearchQuery.matching("x").in("name", -1)).isInstanceOf(InvalidQueryException.class);
    }
}
