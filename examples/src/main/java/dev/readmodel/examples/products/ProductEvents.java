package dev.readmodel.examples.products;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The product catalogue events of the product search example. */
public final class ProductEvents {
    private ProductEvents() {
    }

    /** {@code product.created}. */
    public record ProductCreated(String productId, String name, String description, String category, BigDecimal price,
            List<String> tags, Instant createdAt) {
    }

    /** {@code product.updated}: everything but the price. */
    public record ProductUpdated(String productId, String name, String description, String category, List<String> tags,
            Instant updatedAt) {
    }

    /** {@code product.price_changed}. */
    public record PriceChanged(String productId, BigDecimal newPrice, Instant changedAt) {
    }

    /** {@code product.deleted}. */
    public record ProductDeleted(String productId, Instant deletedAt) {
    }
}
