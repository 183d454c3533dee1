package dev.readmodel.examples.products;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.examples.products.ProductEvents.PriceChanged;
import dev.readmodel.examples.products.ProductEvents.ProductCreated;
import dev.readmodel.examples.products.ProductEvents.ProductDeleted;
import dev.readmodel.examples.products.ProductEvents.ProductUpdated;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Product search: one document per live product, for full-text search with facets. */
public final class ProductSearch {
    /** The product catalogue as searched. */
    public static final ReadModel PRODUCTS = ReadModel.named("products")
            .key("product_id")
            .field("name", FieldType.TEXT)
            .field("description", FieldType.TEXT)
            .field("category", FieldType.KEYWORD)
            .field("price", FieldType.DECIMAL)
            .field("tags", FieldType.KEYWORD_LIST)
            .field("created_at", FieldType.TIMESTAMP)
            .field("updated_at", FieldType.TIMESTAMP)
            .build();

    private ProductSearch() {
    }

    /** The projection {@code product-search}. */
    public static Projection projection() {
        return Projection.named("product-search")
                .readModel(PRODUCTS)
                .on("product.created", ProductCreated.class, PRODUCTS, ProductCreated::productId, (product, e) ->
                        Document.of("name", e.name(), "description", e.description(), "category", e.category(),
                                "price", e.price(), "tags", e.tags(), "created_at", e.createdAt(), "updated_at", e.createdAt()))
                .on("product.updated", ProductUpdated.class, PRODUCTS, ProductUpdated::productId, (product, e) ->
                        product == null ? null : product.with("name", e.name()).with("description", e.description())
                                .with("category", e.category()).with("tags", e.tags()).with("updated_at", e.updatedAt()))
                .on("product.price_changed", PriceChanged.class, PRODUCTS, PriceChanged::productId, (product, e) ->
                        product == null ? null : product.with("price", e.newPrice()).with("updated_at", e.changedAt()))
                .onDelete("product.deleted", ProductDeleted.class, PRODUCTS, ProductDeleted::productId)
                .build();
    }

    /**
     * The catalogue search of the examples: the words in name (boosted) and description, category and
     * tag facets, optional price range and tag, by relevance or by price.
     */
    public static SearchQuery search(String text, BigDecimal minPrice, BigDecimal maxPrice, String tag, String order,
            int limit, int offset) {
        List<Filter> filters = new ArrayList<>();
        if (minPrice != null || maxPrice != null) {
            filters.add(new Filter.Range("price", minPrice, true, maxPrice, true));
        }
        if (tag != null) {
            filters.add(Filter.eq("tags", tag));
        }
        SearchQuery.Builder search = SearchQuery.matching(text).in("name", 3).in("description", 1)
                .where(filters.toArray(new Filter[0])).facets("category", "tags").page(limit, offset).highlight();
        if (order != null && !order.equals("relevance")) {
            search.orderBy(order);
        }
        return search.build();
    }
}
