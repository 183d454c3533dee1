package dev.readmodel.server.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One client's stream: a bounded queue of messages and its writer. Offering only enqueues, so the hub never
 * waits for a client; the writer runs on the shared executor, one write at a time per connection. When the
 * queue is full the client is too slow: what is queued is dropped, a {@code reset} (reason {@code overflow})
 * is the last message written, and the connection is closed. Thread-safe.
 */
final class FeedConnection {
    /** How one transport writes messages; a write may block on a slow client. */
    interface Sink {
        /** Writes {@code message} and flushes it. */
        void write(FeedMessage message) throws IOException;

        /** Ends the stream; safe to call twice. */
        void close();
    }

    private static final System.Logger LOG = System.getLogger(FeedConnection.class.getName());

    private final String client;
    private final int capacity;
    private final Executor executor;
    private final Sink sink;
    private final Runnable onClosed;
    /** Guarded by {@code this}. */
    private final ArrayDeque<FeedMessage> queue = new ArrayDeque<>();
    /** Guarded by {@code this}: replayed messages still queued, which the queue holds beyond its capacity. */
    private int preloaded;
    private boolean writing;
    /** No more offers are taken: the last message is queued. */
    private boolean ending;
    private boolean closed;

    FeedConnection(String client, int capacity, Executor executor, Sink sink, Runnable onClosed) {
        this.client = client;
        this.capacity = capacity;
        this.executor = executor;
        this.sink = sink;
        this.onClosed = onClosed;
    }

    /** The client's address. */
    String client() {
        return client;
    }

    /** Queues {@code message}; on overflow, replaces the queue with {@code reset} and ends. Never blocks. */
    void offer(FeedMessage message, long position) {
        synchronized (this) {
            if (ending || closed) {
                return;
            }
            if (message == FeedMessage.KEEP_ALIVE && !queue.isEmpty()) {
                return; // the stream is not idle
            }
            if (queue.size() >= capacity + preloaded) {
                queue.clear();
                preloaded = 0;
                queue.addLast(FeedMessage.reset("overflow", position, "This client fell more than " + capacity
                        + " messages behind; query again, then resume from the position read"));
                ending = true;
            } else {
                queue.addLast(message);
            }
        }
        start();
    }

    /** Queues the replay of kept messages, whatever their number: the window bounds them. */
    void preload(List<FeedMessage> messages) {
        synchronized (this) {
            if (ending || closed) {
                return;
            }
            queue.addAll(messages);
            preloaded += messages.size();
        }
        start();
    }

    /** Queues {@code message} as the last one; the connection closes once it is written. */
    void end(FeedMessage message) {
        synchronized (this) {
            if (ending || closed) {
                return;
            }
            queue.clear();
            preloaded = 0;
            queue.addLast(message);
            ending = true;
        }
        start();
    }

    private void start() {
        boolean start;
        synchronized (this) {
            start = !writing && !closed;
            writing = true;
        }
        if (start) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            FeedMessage next;
            synchronized (this) {
                next = closed ? null : queue.pollFirst();
                if (next != null && preloaded > 0) {
                    preloaded--;
                }
                if (next == null) {
                    writing = false;
                    if (!ending || closed) {
                        return;
                    }
                }
            }
            if (next == null) {
                close();
                return;
            }
            try {
                sink.write(next);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Feed client [" + client + "] went away", e);
                close();
                return;
            }
        }
    }

    /** Closes the stream at once, dropping what is queued. Safe to call twice. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        try {
            sink.close();
        } finally {
            onClosed.run();
        }
    }
}
