package dev.readmodel.core.memory;

import dev.readmodel.core.spi.DeadLetterStore;
import dev.readmodel.core.status.DeadLetter;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Dead letters in memory. Thread-safe; lost when the process ends. */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
    private final Map<String, NavigableMap<Long, DeadLetter>> letters = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryDeadLetterStore() {
    }

    @Override
    public void park(DeadLetter letter) {
        letters.computeIfAbsent(letter.projection(), p -> new ConcurrentSkipListMap<>())
                .put(letter.event().position(), letter);
    }

    @Override
    public List<DeadLetter> list(String projection) {
        return List.copyOf(letters.getOrDefault(projection, new ConcurrentSkipListMap<>()).values());
    }

    @Override
    public void remove(String projection, long position) {
        NavigableMap<Long, DeadLetter> parked = letters.get(projection);
        if (parked != null) {
            parked.remove(position);
        }
    }
}
