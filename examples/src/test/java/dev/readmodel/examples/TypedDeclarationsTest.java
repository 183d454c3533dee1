package dev.readmodel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.examples.products.ProductSearch;
import org.junit.jupiter.api.Test;

/** The typed examples declare exactly the read models their Document versions declared, so stored tables still fit. */
class TypedDeclarationsTest {
    @Test
    void orderSummariesAreDeclaredAsBefore() {
        assertThat(OrderProjections.ORDER_SUMMARIES).isEqualTo(ReadModel.named("order_summaries")
                .key("order_id")
                .field("customer_id", FieldType.KEYWORD)
                .field("status", FieldType.KEYWORD)
                .field("total_amount", FieldType.DECIMAL)
                .field("item_count", FieldType.LONG)
                .field("created_at", FieldType.TIMESTAMP)
                .field("shipped_at", FieldType.TIMESTAMP)
                .field("completed_at", FieldType.TIMESTAMP)
                .field("cancelled_at", FieldType.TIMESTAMP)
                .field("cancellation_reason", FieldType.TEXT)
                .field("updated_at", FieldType.TIMESTAMP)
                .build());
        assertThat(OrderProjections.ORDER_SUMMARIES.fields().keySet()).containsExactly("order_id", "customer_id",
                "status", "total_amount", "item_count", "created_at", "shipped_at", "completed_at", "cancelled_at",
                "cancellation_reason", "updated_at");
    }

    @Test
    void productsAreDeclaredAsBefore() {
        assertThat(ProductSearch.PRODUCTS).isEqualTo(ReadModel.named("products")
                .key("product_id")
                .field("name", FieldType.TEXT)
                .field("description", FieldType.TEXT)
                .field("category", FieldType.KEYWORD)
                .field("price", FieldType.DECIMAL)
                .field("tags", FieldType.KEYWORD_LIST)
                .field("created_at", FieldType.TIMESTAMP)
                .field("updated_at", FieldType.TIMESTAMP)
                .build());
        assertThat(ProductSearch.PRODUCTS.fields().keySet()).containsExactly("product_id", "name", "description",
                "category", "price", "tags", "created_at", "updated_at");
    }
}
