package dev.readmodel.benchmarks;

import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.event.EventTypeMatcher;
import dev.readmodel.core.event.StreamHead;
import dev.readmodel.examples.history.GeneratedEvent;
import dev.readmodel.examples.history.HistoryGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A history generated as it is read, never held: for showing that a rebuild streams. Reads must go
 * forward from where the last one ended (a rebuild's do); a read from anywhere else starts the generator
 * again. Stream versions are the global positions, which rise within every stream as versions must.
 */
final class GeneratedEventSource implements EventSource {
    private final HistoryGenerator.Options options;
    private HistoryGenerator generator;
    private long position;

    GeneratedEventSource(HistoryGenerator.Options options) {
        this.options = options;
        restart();
    }

    private void restart() {
        generator = new HistoryGenerator(options);
        position = 0;
    }

    @Override
    public synchronized EventBatch read(long afterPosition, int maxCount, EventTypeMatcher types) {
        if (afterPosition < position) {
            restart();
        }
        while (position < afterPosition && generator.hasNext()) {
            generator.next();
            position++;
        }
        List<EventEnvelope> events = new ArrayList<>(Math.min(maxCount, 10_000));
        while (events.size() < maxCount && generator.hasNext()) {
            GeneratedEvent next = generator.next();
            position++;
            if (types.matches(next.event().type())) {
                events.add(new EventEnvelope(position, next.stream(), position, next.event().type(), next.event().eventId(),
                        next.event().occurredAt(), next.event().data(), next.event().metadata()));
            }
        }
        return new EventBatch(events, position);
    }

    @Override
    public StreamHead head() {
        return new StreamHead(options.events(), Instant.EPOCH);
    }

    @Override
    public void awaitEvents(long afterPosition, Duration timeout) throws InterruptedException {
        Thread.sleep(Math.min(timeout.toMillis(), 100));
    }
}
