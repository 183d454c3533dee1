package dev.readmodel.server.internal;

import dev.readmodel.core.change.CommitListener;
import dev.readmodel.core.change.CommitNotice;
import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.DocumentChange;
import dev.readmodel.core.change.Overflowed;
import dev.readmodel.core.change.Replaced;
import dev.readmodel.core.change.Resumed;
import dev.readmodel.core.change.Subscription;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Filters;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One live query: the ids of the documents that match its filters, kept up to date from the read model's
 * commit notices, each change written to the stream as {@code enter}, {@code change} or {@code leave}. Notices
 * that arrive before the first answer is written wait for it, and commits the answer already includes (at or
 * below its position) are dropped; a replacement or an overflow among them always resets. A rebuild that replaces the read model, a subscription that overflowed, or
 * more matching documents than the bound, ends the stream with {@code reset}. Thread-safe: notices and the
 * start are handled under one lock; a keep-alive never waits for it (a write in progress is proof of life enough).
 */
final class LiveQuery implements CommitListener {
    /** Notices held while the first answer is read; beyond that, they count as an overflow. */
    private static final int MAX_EARLY = 1_024;

    private final String readModel;
    private final String keyField;
    private final List<Filter> filters;
    private final int maxMatching;
    private final Runnable onEnd;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> matching = new HashSet<>();
    private final List<CommitNotice> early = new ArrayList<>();
    private long earlyOverflow = -1;
    private Subscription subscription;
    private LiveOut out;
    /** Why the output is closed when the query ends: the reset's reason once one was written. */
    private String closing = "live query ended";
    private boolean ended;

    /**
     * A live query on {@code readModel} for documents matching {@code filters} (checked against the read
     * model), at most {@code maxMatching} at once; {@code onEnd} runs once when it ends.
     */
    LiveQuery(String readModel, String keyField, List<Filter> filters, int maxMatching, Runnable onEnd) {
        this.readModel = readModel;
        this.keyField = keyField;
        this.filters = List.copyOf(filters);
        this.maxMatching = maxMatching;
        this.onEnd = onEnd;
    }

    /** Completes when the stream ended, for whatever reason. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** The engine subscription feeding this query, closed when it ends. */
    void subscribed(Subscription value) {
        lock.lock();
        try {
            subscription = value;
            if (ended) {
                value.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes the first answer, {@code documents} as of {@code at}, then every notice held since subscribing. */
    void start(LiveOut stream, long at, List<Document> documents) {
        lock.lock();
        try {
            out = stream;
            documents.forEach(d -> matching.add(d.string(keyField)));
            ObjectNode result = JsonOut.mapper().createObjectNode().put("position", at);
            result.set("documents", Views.documents(documents));
            if (!out.event("result", at, result)) {
                end();
                return;
            }
            if (earlyOverflow >= 0) {
                reset("overflow", earlyOverflow);
                return;
            }
            List<CommitNotice> held = List.copyOf(early);
            early.clear();
            for (CommitNotice notice : held) {
                // a replacement or a gap may have come after the answer was read whatever its position: a truncate
                // rebuild's checkpoint starts again from 0, and a gap may hide one
                boolean included = (notice instanceof Committed || notice instanceof Resumed) && notice.position() <= at;
                if (!included && !ended) {
                    handle(notice);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onNotice(CommitNotice notice) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            if (out == null) {
                if (early.size() < MAX_EARLY) {
                    early.add(notice);
                } else {
                    earlyOverflow = notice.position();
                }
                return;
            }
            handle(notice);
        } finally {
            lock.unlock();
        }
    }

    private void handle(CommitNotice notice) {
        if (notice instanceof Replaced replaced) {
            reset("replaced", replaced.position());
        } else if (notice instanceof Resumed resumed) {
            reset("resumed", resumed.position()); // taken up from a stored checkpoint: commits made elsewhere
        } else if (notice instanceof Overflowed overflowed) {
            reset("overflow", overflowed.position());
        } else {
            Committed committed = (Committed) notice;
            for (DocumentChange change : committed.changes()) {
                if (change.readModel().equals(readModel) && !changed(change, committed.position())) {
                    return;
                }
            }
        }
    }

    /** Writes what {@code change} means for this query; {@code false} when the stream ended. */
    private boolean changed(DocumentChange change, long at) {
        boolean matches = change.document().map(d -> Filters.matches(filters, d)).orElse(false);
        boolean matched = matching.contains(change.id());
        String event;
        if (matches) {
            event = matched ? "change" : "enter";
            matching.add(change.id());
            if (matching.size() > maxMatching) {
                reset("overflow", at);
                return false;
            }
        } else if (matched) {
            event = "leave";
            matching.remove(change.id());
        } else {
            return true;
        }
        ObjectNode data = JsonOut.mapper().createObjectNode().put("position", at).put("id", change.id());
        data.set("document", change.document().map(Views::document).orElse(JsonOut.mapper().nullNode()));
        if (!out.event(event, at, data)) {
            end();
            return false;
        }
        return true;
    }

    private void reset(String reason, long at) {
        closing = "reset: " + reason;
        out.event("reset", at, JsonOut.mapper().createObjectNode().put("reason", reason).put("position", at));
        end();
    }

    /** Writes a keep-alive; ends the query when the client went away. */
    void keepAlive() {
        if (!lock.tryLock()) {
            return; // a write is under way: it blocks on a slow client, and must not hold up the others' keep-alives
        }
        try {
            if (out != null && !ended && !out.keepAlive()) {
                end();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the query: unsubscribes, frees its place and completes the stream. Safe to call twice. */
    void end() {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            early.clear();
            if (subscription != null) {
                subscription.close();
            }
            if (out != null) {
                out.close(closing);
            }
            onEnd.run();
            done.complete(null);
        } finally {
            lock.unlock();
        }
    }
}
