package dev.readmodel.testkit;

import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import java.util.List;

/**
 * One counter document per key, counting the {@code counter.bumped} events of that key: an answer that
 * misses an event shows it as a smaller count. The live-consistency contract's domain.
 */
public final class LiveCounters {
    /** One document per key with the number of events applied for it. */
    public static final ReadModel COUNTERS = ReadModel.named("live_counters")
            .key("key")
            .field("count", FieldType.LONG)
            .build();

    /** {@code counter.bumped}: one more for {@code key}. */
    public record Bumped(String key) {
    }

    private LiveCounters() {
    }

    /**
     * The projection {@code name} counting bumps; each event's handler sleeps {@code delayMillis} (a slow
     * projection that shows stale reads) and throws for keys starting with {@code bad} (a failing handler).
     */
    public static Projection projection(String name, long delayMillis) {
        return Projection.named(name)
                .readModel(COUNTERS)
                .on("counter.bumped", Bumped.class, COUNTERS, Bumped::key, (counter, e) -> {
                    if (e.key().startsWith("bad")) {
                        throw new IllegalArgumentException("bad key [" + e.key() + "]");
                    }
                    if (delayMillis > 0) {
                        try {
                            Thread.sleep(delayMillis);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return (counter == null ? Document.empty() : counter).plus("count", 1);
                })
                .build();
    }

    /** The event that bumps {@code key}. */
    public static List<NewEvent> bump(String key) {
        return List.of(NewEvent.of("counter.bumped", new Bumped(key)));
    }

    /** The by-id lookup of {@code key}'s counter. */
    public static Query byKey(String key) {
        return Query.builder().where(Filter.eq(COUNTERS.keyField(), key)).build();
    }

    /** The count in a by-id answer; 0 when the counter does not exist yet. */
    public static long count(List<Document> answer) {
        return answer.isEmpty() ? 0 : answer.get(0).longValue("count", 0);
    }
}
