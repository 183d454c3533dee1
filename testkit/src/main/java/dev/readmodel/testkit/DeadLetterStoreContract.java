package dev.readmodel.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.status.DeadLetter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeadLetterStore} must do, checked against the real backend: each store's test
 * extends this class and returns its store. Each test uses projection names of its own, so the store
 * need not be empty. Times are given to the microsecond, the finest a database timestamp keeps.
 */
public abstract class DeadLetterStoreContract {
    /** The store under test; called before every test and from several threads. */
    protected abstract DeadLetterStore store();

    private static final Instant PARKED = Instant.parse("2024-03-01T08:15:30.123456Z");

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private String projection(String name) {
        return name + "-" + run;
    }

    /**
     * The same event each time for {@code position}, with data and metadata that hold every kind of JSON
     * value, hostile strings too.
     */
    private static EventEnvelope event(long position) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", "o-'" + position + "\"");
        data.put("amount", new BigDecimal("12345678901234567890.123456789"));
        data.put("count", Long.MAX_VALUE);
        data.put("ratio", 0.1);
        data.put("shipped", true);
        data.put("nothing", null);
        data.put("hostile", ReadModelStoreContract.HOSTILE);
        data.put("nested", Map.of("lines", List.of(Map.of("sku", "ä-1", "qty", 2), Map.of()), "empty", List.of()));
        return new EventEnvelope(position, "order-" + position + " é'\"", 3, "order.item_added",
                UUID.nameUUIDFromBytes(("event " + position).getBytes(StandardCharsets.UTF_8)),
                Instant.parse("2024-02-29T23:59:59.654321Z"), Json.toTree(data),
                Json.toTree(Map.of("correlation", "c-" + position, "user", "O'Brien")));
    }

    private static DeadLetter letter(String projection, long position) {
        return new DeadLetter(projection, event(position), "IllegalStateException: cannot handle order [" + position
                + "]; caused by IOException: 'quoted' \"double\"\nsecond line \\ é 中", 4, PARKED);
    }

    private static List<Long> positions(List<DeadLetter> letters) {
        return letters.stream().map(l -> l.event().position()).toList();
    }

    @Test
    void aProjectionWithoutParkedEventsListsNone() {
        assertThat(store().list(projection("never-parked"))).isEmpty();
    }

    @Test
    void aParkedLetterKeepsItsEventAndFailureExactly() {
        DeadLetter parked = letter(projection("exact"), 42);
        store().park(parked);

        List<DeadLetter> listed = store().list(projection("exact"));
        assertThat(listed).hasSize(1);
        DeadLetter letter = listed.get(0);
        assertThat(letter.event().data()).isEqualTo(parked.event().data());
        assertThat(letter.event().metadata()).isEqualTo(parked.event().metadata());
        assertThat(letter.event()).isEqualTo(parked.event());
        assertThat(letter.error()).isEqualTo(parked.error());
        assertThat(letter).isEqualTo(parked);
    }

    @Test
    void lettersAreListedInPositionOrderWhateverOrderTheyWereParkedIn() {
        String name = projection("ordered");
        // beyond an int, and with more digits than the smaller ones, so a text sort would put it first
        for (long position : new long[] {30, 5_000_000_000L, 10, 200, 20}) {
            store().park(letter(name, position));
        }
        assertThat(positions(store().list(name))).containsExactly(10L, 20L, 30L, 200L, 5_000_000_000L);
    }

    @Test
    void eachProjectionHasLettersOfItsOwn() {
        String orders = projection("orders");
        String upper = projection("Orders");
        String longer = projection("orders") + "-2";
        store().park(letter(orders, 7));
        store().park(letter(upper, 7));
        store().park(letter(longer, 8));

        assertThat(store().list(orders)).containsExactly(letter(orders, 7));
        store().remove(orders, 7);
        assertThat(store().list(orders)).isEmpty();
        assertThat(positions(store().list(upper))).containsExactly(7L);
        assertThat(positions(store().list(longer))).containsExactly(8L);
    }

    @Test
    void parkingAgainAtTheSamePositionReplacesTheLetter() {
        String name = projection("again");
        DeadLetter first = letter(name, 9);
        store().park(first);
        DeadLetter again = new DeadLetter(name, first.event(), "still failing", 9, PARKED.plusSeconds(3600));
        store().park(again);

        assertThat(store().list(name)).containsExactly(again);
    }

    @Test
    void removingTakesOutOnlyThatLetterAndRemovingNoneDoesNothing() {
        String name = projection("remove");
        for (long position = 1; position <= 3; position++) {
            store().park(letter(name, position));
        }
        store().remove(name, 2);
        store().remove(name, 99);
        store().remove(name, 2);
        store().remove(projection("no-letters"), 1);

        assertThat(store().list(name)).containsExactly(letter(name, 1), letter(name, 3));
    }

    @Test
    void lettersParkedFromSeveralThreadsAreAllKept() throws Exception {
        String name = projection("concurrent");
        int threads = 4;
        int each = 10;
        Parallel.run(threads, t -> {
            for (int i = 0; i < each; i++) {
                store().park(letter(name, 1 + t + (long) i * threads));
            }
        });
        assertThat(positions(store().list(name))).isEqualTo(LongStream.rangeClosed(1, threads * each).boxed().toList());
    }
}
