package dev.readmodel.examples.history;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.examples.invoices.InvoiceEvents;
import dev.readmodel.examples.orders.OrderEvents;
import dev.readmodel.examples.products.ProductEvents;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A realistic, reproducible history: customers, orders, invoices and products over many months,
 * with corrections (item removals, cancellations, refunds months later, price changes, deletions).
 * The same options give the same events, ids and times. Streams events one at a time, so a history of
 * any size never sits in memory; many aggregates are open at once, so their events interleave.
 */
public final class HistoryGenerator implements Iterator<GeneratedEvent> {
    /** The parts of the business to generate. */
    public enum Domain {
        /** Customers, orders and reviews. */
        ORDERS,
        /** Invoices with payments, cancellations and refunds. */
        INVOICES,
        /** The product catalogue. */
        PRODUCTS
    }

    /**
     * What to generate.
     *
     * @param events how many events (1 to 100,000,000)
     * @param seed the random seed
     * @param domains which domains
     * @param start time of the first event
     * @param span time between the first and the last event
     */
    public record Options(long events, long seed, Set<Domain> domains, Instant start, Duration span) {
        /** Checks bounds. */
        public Options {
            if (events < 1 || events > 100_000_000) {
                throw new ConfigurationException("Invalid number of events [" + events + "]: expected 1 to 100000000");
            }
            if (domains == null || domains.isEmpty()) {
                throw new ConfigurationException("Generate at least one domain of " + List.of(Domain.values()));
            }
            domains = Set.copyOf(domains);
            if (span.isNegative() || span.isZero()) {
                throw new ConfigurationException("Invalid time span [" + span + "]");
            }
        }

        /** All domains, over 18 months from 2024-01-01. */
        public static Options of(long events, long seed) {
            return new Options(events, seed, EnumSet.allOf(Domain.class), Instant.parse("2024-01-01T00:00:00Z"),
                    Duration.ofDays(548));
        }

        /** These options restricted to {@code only}. */
        public Options only(Domain... only) {
            return new Options(events, seed, EnumSet.copyOf(List.of(only)), start, span);
        }
    }

    private static final String[] ADJECTIVES = {"waterproof", "lightweight", "insulated", "breathable", "rugged",
        "packable", "thermal", "windproof", "ultralight", "reflective"};
    private static final String[] NOUNS = {"jacket", "boots", "tent", "backpack", "gloves", "trousers", "sleeping bag",
        "headlamp", "rain shell", "fleece"};
    /** The category of each noun, by index. */
    private static final String[] CATEGORIES = {"outerwear", "footwear", "camping", "bags", "accessories", "outerwear",
        "camping", "accessories", "outerwear", "outerwear"};
    private static final String[] TAGS = {"hiking", "winter", "summer", "trail", "alpine", "city", "eco", "sale"};
    private static final String[] CURRENCIES = {"EUR", "EUR", "EUR", "USD", "GBP"};
    private static final int OPEN_LIMIT = 2_000;
    /** Largest live catalogue: products are created until then, and keep changing afterwards. */
    private static final int LIVE_PRODUCTS = 100_000;

    private final Options options;
    private final Random random;
    private final List<Domain> domains;
    private final List<String> customers = new ArrayList<>();
    private final List<Order> orders = new ArrayList<>();
    private final List<Invoice> invoices = new ArrayList<>();
    private final List<Product> products = new ArrayList<>();
    private final List<Completed> completed = new ArrayList<>();
    private final List<Invoice> paid = new ArrayList<>();
    private long produced;
    private long ids;

    /** A generator for {@code options}. */
    public HistoryGenerator(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.domains = List.copyOf(EnumSet.copyOf(options.domains()));
    }

    @Override
    public boolean hasNext() {
        return produced < options.events();
    }

    @Override
    public GeneratedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Instant now = options.start().plusMillis((long) ((double) produced / options.events() * options.span().toMillis()));
        produced++;
        Domain domain = domains.get(random.nextInt(domains.size()));
        return switch (domain) {
            case ORDERS -> orders(now);
            case INVOICES -> invoices(now);
            case PRODUCTS -> products(now);
        };
    }

    private String id(String prefix) {
        return prefix + "-" + new UUID(options.seed(), ++ids).toString().substring(19).replace("-", "");
    }

    private GeneratedEvent event(String stream, String type, Object data, Instant at) {
        return new GeneratedEvent(stream, new NewEvent(type, dev.readmodel.core.event.Json.toTree(data), null,
                new UUID(options.seed() ^ 0x5EEDL, produced), at));
    }

    private String customer(Instant now, List<GeneratedEvent> pending) {
        if (customers.isEmpty() || random.nextInt(20) == 0) {
            String id = id("cust");
            customers.add(id);
            pending.add(event(id, "customer.created", new OrderEvents.CustomerCreated(id, id + "@example.com",
                    "Customer " + customers.size(), now), now));
            return id;
        }
        return customers.get(random.nextInt(customers.size()));
    }

    // ---------------------------------------------------------------- orders
    private static final class Order {
        final String id;
        final String customer;
        final List<BigDecimal> lines = new ArrayList<>();
        int state; // 0 open, 1 shipped

        Order(String id, String customer) {
            this.id = id;
            this.customer = customer;
        }
    }

    private record Completed(String orderId, String customer, BigDecimal total, Instant at) {
    }

    private GeneratedEvent orders(Instant now) {
        int dice = random.nextInt(100);
        if (dice < 3 && !customers.isEmpty()) {
            String c = customers.get(random.nextInt(customers.size()));
            return random.nextBoolean()
                    ? event(c, "review.submitted", new OrderEvents.ReviewSubmitted(c, "prod-" + random.nextInt(500),
                            1 + random.nextInt(5), now), now)
                    : event(c, "customer.tier_changed", new OrderEvents.CustomerTierChanged(c,
                            random.nextBoolean() ? "silver" : "gold", now), now);
        }
        if (dice < 5 && !completed.isEmpty()) {
            Completed done = completed.remove(random.nextInt(completed.size()));
            BigDecimal refund = done.total().multiply(BigDecimal.valueOf(random.nextInt(2) == 0 ? 100 : 30))
                    .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            return event(done.orderId(), "order.refunded", new OrderEvents.OrderRefunded(done.orderId(), done.customer(),
                    refund, done.at(), now), now);
        }
        if (orders.isEmpty() || (dice < 30 && orders.size() < OPEN_LIMIT)) {
            List<GeneratedEvent> pending = new ArrayList<>(1);
            String customer = customer(now, pending);
            if (!pending.isEmpty()) {
                return pending.get(0);
            }
            Order order = new Order(id("order"), customer);
            orders.add(order);
            return event(order.id, "order.created", new OrderEvents.OrderCreated(order.id, customer, now), now);
        }
        int index = random.nextInt(orders.size());
        Order order = orders.get(index);
        if (order.state == 0 && (order.lines.size() < 2 || random.nextInt(3) > 0)) {
            if (!order.lines.isEmpty() && random.nextInt(8) == 0) {
                BigDecimal price = order.lines.remove(order.lines.size() - 1);
                return event(order.id, "order.item_removed", new OrderEvents.ItemRemoved(order.id, "sku", price, 1, now), now);
            }
            BigDecimal price = BigDecimal.valueOf(199 + random.nextInt(30_000), 2);
            order.lines.add(price);
            return event(order.id, "order.item_added", new OrderEvents.ItemAdded(order.id, "sku-" + random.nextInt(500),
                    price, 1, now), now);
        }
        if (order.state == 0) {
            if (random.nextInt(10) == 0) {
                orders.remove(index);
                return event(order.id, "order.cancelled", new OrderEvents.OrderCancelled(order.id, "customer request", now), now);
            }
            order.state = 1;
            return event(order.id, "order.shipped", new OrderEvents.OrderShipped(order.id, now), now);
        }
        orders.remove(index);
        BigDecimal total = order.lines.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (completed.size() < OPEN_LIMIT) {
            completed.add(new Completed(order.id, order.customer, total, now));
        }
        return event(order.id, "order.completed", new OrderEvents.OrderCompleted(order.id, order.customer, total,
                order.lines.size(), now), now);
    }

    // ---------------------------------------------------------------- invoices
    private static final class Invoice {
        final String id;
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        int lines;

        Invoice(String id) {
            this.id = id;
        }
    }

    private GeneratedEvent invoices(Instant now) {
        int dice = random.nextInt(100);
        if (dice < 4 && !paid.isEmpty()) {
            Invoice invoice = paid.get(random.nextInt(paid.size()));
            BigDecimal open = invoice.total.subtract(invoice.refunded);
            BigDecimal amount = open.multiply(BigDecimal.valueOf(random.nextBoolean() ? 100 : 25))
                    .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            invoice.refunded = invoice.refunded.add(amount);
            paid.remove(invoice);
            return event(invoice.id, "invoice.refunded", new InvoiceEvents.InvoiceRefunded(invoice.id, amount, now), now);
        }
        if (invoices.isEmpty() || (dice < 30 && invoices.size() < OPEN_LIMIT)) {
            List<GeneratedEvent> pending = new ArrayList<>(1);
            String customer = customer(now, pending);
            if (!pending.isEmpty()) {
                return pending.get(0);
            }
            Invoice invoice = new Invoice(id("inv"));
            invoices.add(invoice);
            return event(invoice.id, "invoice.created", new InvoiceEvents.InvoiceCreated(invoice.id, customer,
                    CURRENCIES[random.nextInt(CURRENCIES.length)], now, now.plus(Duration.ofDays(30))), now);
        }
        int index = random.nextInt(invoices.size());
        Invoice invoice = invoices.get(index);
        if (invoice.lines == 0 || (invoice.lines < 6 && random.nextInt(2) == 0)) {
            BigDecimal price = BigDecimal.valueOf(500 + random.nextInt(200_000), 2);
            int quantity = 1 + random.nextInt(4);
            invoice.lines++;
            invoice.total = invoice.total.add(price.multiply(BigDecimal.valueOf(quantity)));
            return event(invoice.id, "invoice.line_added", new InvoiceEvents.LineAdded(invoice.id, "Service "
                    + random.nextInt(50), price, quantity, now), now);
        }
        invoices.remove(index);
        if (random.nextInt(8) == 0) {
            return event(invoice.id, "invoice.cancelled", new InvoiceEvents.InvoiceCancelled(invoice.id, "issued in error", now), now);
        }
        if (paid.size() < OPEN_LIMIT) {
            paid.add(invoice);
        }
        return event(invoice.id, "invoice.paid", new InvoiceEvents.InvoicePaid(invoice.id, invoice.total, now), now);
    }

    // ---------------------------------------------------------------- products
    private record Product(String id, int noun) {
        String category() {
            return CATEGORIES[noun];
        }
    }

    private GeneratedEvent products(Instant now) {
        int dice = random.nextInt(100);
        if (products.isEmpty() || (dice < 35 && products.size() < LIVE_PRODUCTS)) {
            Product product = new Product(id("prod"), random.nextInt(NOUNS.length));
            products.add(product);
            return event(product.id(), "product.created", new ProductEvents.ProductCreated(product.id(), name(product),
                    description(), product.category(), price(), tags(), now), now);
        }
        Product product = products.get(random.nextInt(products.size()));
        if (dice < 40) {
            products.remove(product);
            return event(product.id(), "product.deleted", new ProductEvents.ProductDeleted(product.id(), now), now);
        }
        if (dice < 70) {
            return event(product.id(), "product.price_changed", new ProductEvents.PriceChanged(product.id(), price(), now), now);
        }
        return event(product.id(), "product.updated", new ProductEvents.ProductUpdated(product.id(), name(product),
                description(), product.category(), tags(), now), now);
    }

    private String name(Product product) {
        return capitalize(ADJECTIVES[random.nextInt(ADJECTIVES.length)]) + " " + NOUNS[product.noun()];
    }

    private String description() {
        return "A " + ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + NOUNS[random.nextInt(NOUNS.length)]
                + " for " + TAGS[random.nextInt(TAGS.length)] + " use, " + ADJECTIVES[random.nextInt(ADJECTIVES.length)]
                + " and " + ADJECTIVES[random.nextInt(ADJECTIVES.length)] + ".";
    }

    private BigDecimal price() {
        return BigDecimal.valueOf(999 + random.nextInt(50_000), 2);
    }

    private List<String> tags() {
        List<String> tags = new ArrayList<>();
        for (String tag : TAGS) {
            if (random.nextInt(4) == 0) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
