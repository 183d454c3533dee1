package dev.readmodel.server.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last messages of one read model's feed, for clients that resume, and the floor below which it can no
 * longer tell what they missed: it holds every message with a position above {@link #floor()}. The floor
 * starts at the owning projection's checkpoint when the server subscribed, and rises as old messages leave
 * the window or when notices were lost. Not thread-safe: the hub guards it.
 */
final class FeedWindow {
    /** The floor of a window that does not know yet from where it is exact: every resume is reset. */
    static final long UNKNOWN = Long.MAX_VALUE;

    private final int capacity;
    private final long maxBytes;
    private final ArrayDeque<FeedMessage> messages = new ArrayDeque<>();
    /** The weight of {@link #messages}: the length of their JSON data. */
    private long bytes;
    private long floor;
    /** The highest position added so far; -1 before the first. */
    private long newest = -1;

    FeedWindow(int capacity, long maxBytes, long floor) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.floor = floor;
    }

    /** Keeps {@code message}, letting the oldest go when the window is full (in messages or in bytes). */
    void add(FeedMessage message) {
        if (floor == UNKNOWN) {
            floor = message.position() - 1; // every message from the first one on is kept
        }
        while (!messages.isEmpty() && (messages.size() >= capacity || bytes + message.data().length() > maxBytes)) {
            FeedMessage oldest = messages.pollFirst();
            bytes -= oldest.data().length();
            floor = Math.max(floor, oldest.position());
        }
        messages.addLast(message);
        bytes += message.data().length();
        newest = Math.max(newest, message.position());
    }

    /**
     * Keeps {@code message}, a rebuild's replacement of the read model. Positions may start again below those
     * already sent (a truncate replays from the start), so a position at or below the newest one sent before
     * no longer tells whether its client saw the replacement: from now on only later ones resume exactly.
     */
    void replaced(FeedMessage message) {
        long before = Math.max(newest, floor == UNKNOWN ? -1 : floor);
        messages.clear();
        bytes = 0;
        floor = before < 0 ? Math.max(0, message.position() - 1) : before + 1;
        add(message);
    }

    /** Every commit above {@code checkpoint} is known to come as a message (it was read after subscribing). */
    void known(long checkpoint) {
        floor = floor == UNKNOWN ? checkpoint : Math.min(floor, checkpoint);
    }

    /** Forgets every message: those after them up to {@code position} were lost. */
    void lost(long position) {
        messages.clear();
        bytes = 0;
        floor = Math.max(floor, position);
    }

    /** The position every kept message is above, and from which a resume is exact. */
    long floor() {
        return floor;
    }

    /** The messages after {@code position}, oldest first; empty when it is below the floor (some are missing). */
    Optional<List<FeedMessage>> after(long position) {
        if (position < floor) {
            return Optional.empty();
        }
        List<FeedMessage> later = new ArrayList<>();
        for (FeedMessage message : messages) {
            if (message.position() > position) {
                later.add(message);
            }
        }
        return Optional.of(later);
    }
}
