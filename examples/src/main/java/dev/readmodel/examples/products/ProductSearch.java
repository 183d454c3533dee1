package dev.readmodel.examples.products;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.typed.TypedReadModel;
import dev.readmodel.examples.products.ProductEvents.PriceChanged;
import dev.readmodel.examples.products.ProductEvents.ProductCreated;
import dev.readmodel.examples.products.ProductEvents.ProductDeleted;
import dev.readmodel.examples.products.ProductEvents.ProductUpdated;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Product search: one document per live product, for full-text search with facets. */
public final class ProductSearch {
    /** The product catalogue as searched, declared by {@link Product}. */
    public static final TypedReadModel<Product> CATALOGUE = ReadModel.of(Product.class);
    /** The plain declaration of {@link #CATALOGUE}, for searches by name and the stores. */
    public static final ReadModel PRODUCTS = CATALOGUE.readModel();

    private ProductSearch() {
    }

    /** The projection {@code product-search}, typed: a deleted product's {@code null} removes its document. */
    public static Projection projection() {
        return Projection.named("product-search")
                .on("product.created", ProductCreated.class, CATALOGUE, ProductCreated::productId,
                        (Product product, ProductCreated e) -> new Product(e.productId(), e.name(), e.description(),
                                e.category(), e.price(), e.tags(), e.createdAt(), e.createdAt()))
                .on("product.updated", ProductUpdated.class, CATALOGUE, ProductUpdated::productId,
                        (Product product, ProductUpdated e) -> product == null ? null
                                : product.updated(e.name(), e.description(), e.category(), e.tags(), e.updatedAt()))
                .on("product.price_changed", PriceChanged.class, CATALOGUE, PriceChanged::productId,
                        (Product product, PriceChanged e) -> product == null ? null
                                : product.repriced(e.newPrice(), e.changedAt()))
                .on("product.deleted", ProductDeleted.class, CATALOGUE, ProductDeleted::productId,
                        (Product product, ProductDeleted e) -> null)
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
