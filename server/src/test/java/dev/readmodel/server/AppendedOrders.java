package dev.readmodel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.AppendResult;
import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.server.FeedClients.Feed;
import dev.readmodel.server.FeedClients.Msg;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders the feed tests append, with the positions of their events, and the check that feed messages are
 * exactly the changes those events imply. Thread-safe for appends.
 */
final class AppendedOrders {
    private static final AtomicInteger ORDERS = new AtomicInteger(1_000);

    private final ProjectionEngine engine;
    private final EventStore events;
    /** Per order id: the positions of its events, in order. */
    private final Map<String, List<Long>> appended = new ConcurrentHashMap<>();

    AppendedOrders(ProjectionEngine engine, EventStore events) {
        this.engine = engine;
        this.events = events;
    }

    /** Places a new order, paid when {@code paid} (a second event on its stream); returns its id. */
    String place(boolean paid, String note) {
        String id = "f" + ORDERS.incrementAndGet();
        List<NewEvent> stream = new ArrayList<>();
        stream.add(NewEvent.of("order.placed", new Fixture.Placed(id, "c9", new BigDecimal("12.50"), 2, note,
                Fixture.START)));
        if (paid) {
            stream.add(NewEvent.of("order.paid", new Fixture.Paid(id)));
        }
        AppendResult result = events.append("order-" + id, ExpectedVersion.NO_STREAM, stream);
        appended.put(id, result.events().stream().map(e -> e.position()).toList());
        return id;
    }

    /** The position of the last event appended for order {@code id}. */
    long position(String id) {
        List<Long> positions = appended.get(id);
        return positions.get(positions.size() - 1);
    }

    /** Places {@code count} new orders in one append (one stream), so that they commit in one batch. */
    List<String> placeMany(int count, String note) {
        List<String> ids = new ArrayList<>();
        List<NewEvent> stream = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "f" + ORDERS.incrementAndGet();
            ids.add(id);
            stream.add(NewEvent.of("order.placed", new Fixture.Placed(id, "c9", BigDecimal.ONE, 1, note + i, Fixture.START)));
        }
        AppendResult result = events.append("orders-" + ids.get(0), ExpectedVersion.NO_STREAM, stream);
        for (int i = 0; i < count; i++) {
            appended.put(ids.get(i), List.of(result.events().get(i).position()));
        }
        return ids;
    }




    /**
     * Checks that {@code commits}, received in this order over however many connections, are exactly the changes
     * that {@code ids}' events imply: strictly rising positions (none twice), each change's version the position
     * of one of that order's events, every order's last event seen, and its last state as the store has it.
     */
    void assertExactly(List<Msg> commits, List<String> ids) {
        long last = -1;
        Map<String, JsonNode> finalState = new HashMap<>();
        Map<String, Long> finalVersion = new HashMap<>();
        for (Msg msg : commits) {
            assertThat(msg.event()).isEqualTo("commit");
            assertThat(msg.id()).as("positions rise: no message twice, none out of order").isGreaterThan(last);
            assertThat(msg.data().get("position").asLong()).isEqualTo(msg.id());
            assertThat(msg.data().get("readModel").asText()).isEqualTo("orders");
            assertThat(msg.data().get("projection").asText()).isEqualTo("orders");
            last = msg.id();
            for (JsonNode change : msg.data().get("changes")) {
                String id = change.get("id").asText();
                long version = change.get("version").asLong();
                assertThat(appended.get(id)).as("change to [" + id + "] comes from an event appended").contains(version);
                assertThat(version).isLessThanOrEqualTo(msg.id());
                assertThat(change.get("deleted").asBoolean()).isFalse();
                finalState.put(id, change.get("document"));
                finalVersion.put(id, version);
            }
        }
        assertThat(new TreeMap<>(finalVersion).keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            List<Long> positions = appended.get(id);
            assertThat(finalVersion.get(id)).as("last event of [" + id + "] seen").isEqualTo(positions.get(positions.size() - 1));
            Document stored = engine.query("orders", Query.builder().where(Filter.eq("order_id", id)).limit(1).build()).get(0);
            assertThat(finalState.get(id).get("status").asText()).isEqualTo(stored.get("status"));
            assertThat(finalState.get(id).get("note").asText()).isEqualTo(stored.get("note"));
        }
    }

    /**
     * Takes commit messages of {@code feed} into {@code into} until every one of {@code ids}' last events was
     * seen there (by this connection or earlier ones).
     */
    void readUntilAll(Feed feed, List<String> ids, List<Msg> into)
            throws InterruptedException {
        Map<String, Long> wanted = new HashMap<>();
        ids.forEach(id -> wanted.put(id, appended.get(id).get(appended.get(id).size() - 1)));
        for (Msg seen : into) { // what earlier connections already received
            seen.data().get("changes").forEach(c -> wanted.remove(c.get("id").asText(), c.get("version").asLong()));
        }
        while (!wanted.isEmpty()) {
            Msg msg;
            try {
                msg = feed.next();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; unseen: " + wanted + "; appended: " + appended
                        + "; received: " + into.stream().map(m -> m.id() + "=" + m.data().get("changes")
                        .findValuesAsText("id") + m.data().get("changes").findValuesAsText("version")).toList(), e);
            }
            if (msg == Msg.END) {
                throw new AssertionError("The feed ended with " + wanted.size() + " orders unseen: " + wanted.keySet());
            }
            if (!msg.event().equals("commit")) {
                throw new AssertionError("Expected only commits, got " + msg);
            }
            into.add(msg);
            for (JsonNode change : msg.data().get("changes")) {
                wanted.remove(change.get("id").asText(), change.get("version").asLong());
            }
        }
    }
}
