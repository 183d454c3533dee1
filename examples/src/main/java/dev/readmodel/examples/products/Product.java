package dev.readmodel.examples.products;

import dev.readmodel.core.typed.Key;
import dev.readmodel.core.typed.ReadModelName;
import dev.readmodel.core.typed.Text;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One live product as the catalogue search holds it: a typed read model whose name and description are
 * full text, and whose category and tags are keywords for facets.
 *
 * @param productId the key
 * @param name searched, boosted
 * @param description searched
 * @param category a facet
 * @param price the current price
 * @param tags a facet; empty when none
 * @param createdAt when the product was created
 * @param updatedAt its last change
 */
@ReadModelName("products")
public record Product(@Key String productId, @Text String name, @Text String description, String category,
        BigDecimal price, List<String> tags, Instant createdAt, Instant updatedAt) {

    /** This product with new details, its price and creation time kept. */
    public Product updated(String newName, String newDescription, String newCategory, List<String> newTags, Instant at) {
        return new Product(productId, newName, newDescription, newCategory, price, newTags, createdAt, at);
    }

    /** This product at a new price. */
    public Product repriced(BigDecimal newPrice, Instant at) {
        return new Product(productId, name, description, category, newPrice, tags, createdAt, at);
    }
}
