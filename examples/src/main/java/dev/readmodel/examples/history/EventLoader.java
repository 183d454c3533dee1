package dev.readmodel.examples.history;

import dev.readmodel.core.event.EventStore;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.event.StreamAppend;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Appends a generated history in multi-stream transactions: consecutive events are grouped by stream
 * (in order of first appearance) into batches of about {@code batchSize} events. The same history and
 * batch size give the same global order on every event store.
 */
public final class EventLoader {
    private EventLoader() {
    }

    /**
     * Appends every event of {@code history} to {@code store}.
     *
     * @param progress told the number of events appended so far after each batch
     * @return how many events were appended
     */
    public static long load(EventStore store, Iterator<GeneratedEvent> history, int batchSize, LongConsumer progress) {
        Map<String, List<NewEvent>> batch = new LinkedHashMap<>();
        int inBatch = 0;
        long total = 0;
        while (history.hasNext()) {
            GeneratedEvent next = history.next();
            batch.computeIfAbsent(next.stream(), s -> new ArrayList<>()).add(next.event());
            if (++inBatch == batchSize) {
                total += flush(store, batch);
                inBatch = 0;
                progress.accept(total);
            }
        }
        total += flush(store, batch);
        progress.accept(total);
        return total;
    }

    private static int flush(EventStore store, Map<String, List<NewEvent>> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<StreamAppend> appends = new ArrayList<>(batch.size());
        int events = 0;
        for (Map.Entry<String, List<NewEvent>> stream : batch.entrySet()) {
            appends.add(new StreamAppend(stream.getKey(), ExpectedVersion.ANY, stream.getValue()));
            events += stream.getValue().size();
        }
        store.appendAll(appends);
        batch.clear();
        return events;
    }
}
