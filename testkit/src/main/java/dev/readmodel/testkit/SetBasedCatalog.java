package dev.readmodel.testkit;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Filter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A product catalog whose categories are renamed, counted and dropped with set-based writes, for
 * {@link SetBasedUpdateContract}: the events, the projection and a random history of them.
 */
public final class SetBasedCatalog {
    /** Products by id: their category, how often a set-based write touched them, and what a check saw. */
    public static final ReadModel PRODUCTS = ReadModel.named("setbased_products").key("product_id")
            .field("category", FieldType.KEYWORD).field("touched", FieldType.LONG).field("seen", FieldType.KEYWORD).build();

    /** Most documents a {@code category.capped} event may touch. */
    public static final int CAPPED_LIMIT = 5;

    private SetBasedCatalog() {
    }

    /**
     * The catalog projection: {@code product.added} and {@code product.moved} are keyed writes,
     * {@code product.checked} copies a product's current category into {@code seen} (a later handler reading
     * what a set-based write left), {@code category.renamed} moves every product of a category and counts
     * it touched, {@code category.touched} only counts (not idempotent: applied twice it counts twice),
     * {@code category.capped} counts with a limit of {@link #CAPPED_LIMIT}, {@code category.dropped} deletes.
     */
    public static Projection projection(String name) {
        return Projection.named(name).readModel(PRODUCTS).onFailure(FailurePolicy.fail(0))
                .on("product.added", JsonNode.class, (e, c) -> c.put(PRODUCTS, e.get("id").asText(),
                        Document.of("category", e.get("category").asText(), "touched", 0L)))
                .on("product.moved", JsonNode.class, (e, c) -> c.update(PRODUCTS, e.get("id").asText(),
                        d -> d.size() == 0 ? null : d.with("category", e.get("category").asText())))
                .on("product.checked", JsonNode.class, (e, c) -> c.update(PRODUCTS, e.get("id").asText(),
                        d -> d.size() == 0 ? null : d.with("seen", d.string("category"))))
                .on("category.renamed", JsonNode.class, (e, c) -> c.updateAll(PRODUCTS,
                        Filter.eq("category", e.get("from").asText()),
                        d -> d.with("category", e.get("to").asText()).plus("touched", 1)))
                .on("category.touched", JsonNode.class, (e, c) -> c.updateAll(PRODUCTS,
                        Filter.eq("category", e.get("category").asText()), d -> d.plus("touched", 1)))
                .on("category.capped", JsonNode.class, (e, c) -> c.updateAll(PRODUCTS,
                        List.of(Filter.eq("category", e.get("category").asText())), CAPPED_LIMIT, d -> d.plus("touched", 1)))
                .on("category.dropped", JsonNode.class, (e, c) -> c.deleteAll(PRODUCTS,
                        Filter.eq("category", e.get("category").asText())))
                .build();
    }

    /** A product added to {@code category}. */
    public static NewEvent added(String id, String category) {
        return NewEvent.of("product.added", Map.of("id", id, "category", category));
    }

    /** A product moved to {@code category} by a keyed write. */
    public static NewEvent moved(String id, String category) {
        return NewEvent.of("product.moved", Map.of("id", id, "category", category));
    }

    /** A product's current category copied into its {@code seen} field. */
    public static NewEvent checked(String id) {
        return NewEvent.of("product.checked", Map.of("id", id));
    }

    /** Every product of {@code from} moved to {@code to} and counted touched. */
    public static NewEvent renamed(String from, String to) {
        return NewEvent.of("category.renamed", Map.of("from", from, "to", to));
    }

    /** Every product of {@code category} counted touched once more. */
    public static NewEvent touched(String category) {
        return NewEvent.of("category.touched", Map.of("category", category));
    }

    /** As {@link #touched}, failing when more than {@link #CAPPED_LIMIT} products match. */
    public static NewEvent capped(String category) {
        return NewEvent.of("category.capped", Map.of("category", category));
    }

    /** Every product of {@code category} deleted. */
    public static NewEvent dropped(String category) {
        return NewEvent.of("category.dropped", Map.of("category", category));
    }

    /** Appends {@code events} to one stream of {@code store}, in chunks. */
    public static void append(EventStore store, List<NewEvent> events) {
        for (int from = 0; from < events.size(); from += 200) {
            store.append("catalog", ExpectedVersion.ANY, events.subList(from, Math.min(events.size(), from + 200)));
        }
    }

    /** A random history of {@code size} events over 6 categories and about a third as many products. */
    public static List<NewEvent> history(Random random, int size) {
        List<NewEvent> events = new ArrayList<>();
        int products = 0;
        for (int i = 0; i < size; i++) {
            String category = "c" + random.nextInt(6);
            int kind = products == 0 ? 0 : random.nextInt(10);
            String product = "p" + random.nextInt(Math.max(1, products));
            events.add(switch (kind) {
                case 0, 1, 2, 3 -> added("p" + products++, category);
                case 4 -> moved(product, category);
                case 5 -> checked(product);
                case 6 -> renamed(category, "c" + random.nextInt(6));
                case 7 -> dropped(category);
                default -> touched(category);
            });
        }
        return events;
    }
}
