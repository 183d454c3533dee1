package dev.readmodel.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The commit notices a feed subscriber received, for the feed benchmark: each notice's position, when it
 * arrived and the version of each document it changed; and, held against the events appended, each
 * event's latency from its commit to the notice of the batch that applied it. Thread-safe.
 */
final class Arrivals {
    /** One notice: the checkpoint it stands at, when it arrived, and document id to version. */
    private record Arrival(long position, long nanos, Map<String, Long> versions) {
    }

    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();

    /** A commit notice at {@code position}, received at {@code nanos}, changing {@code versions}. */
    synchronized void add(long position, long nanos, Map<String, Long> versions) {
        arrivals.add(new Arrival(position, nanos, versions));
        notifyAll();
    }

    /** Something other than a commit arrived: an overflow, a replacement or an unreadable message. */
    synchronized void unexpected(String what) {
        unexpected.add(what);
        notifyAll();
    }

    /**
     * Waits up to {@code timeout} for the notice covering the last of {@code appended}, then finds for
     * every event the first notice at or past its position and checks that it holds the event's change
     * (its document at a version from the event's own up to, not including, the next event on the same
     * document). Latencies count from each append call's return, or from its start with {@code fromCallStart}.
     *
     * @throws IllegalStateException when an event never arrived or anything other than commits did
     */
    Latencies latencies(Appended appended, Duration timeout, boolean fromCallStart) throws InterruptedException {
        Arrival[] seen;
        synchronized (this) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long wait;
            while (unexpected.isEmpty() && (arrivals.isEmpty() || last().position() < appended.last())
                    && (wait = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, wait);
            }
            if (!unexpected.isEmpty()) {
                throw new IllegalStateException(unexpected.size() + " notices other than commits arrived, first: "
                        + unexpected.get(0));
            }
            seen = arrivals.toArray(Arrival[]::new);
        }
        long[] positions = Arrays.stream(seen).mapToLong(Arrival::position).toArray();
        for (int i = 1; i < positions.length; i++) {
            if (positions[i] <= positions[i - 1]) {
                throw new IllegalStateException("notices out of order: " + positions[i - 1] + " then " + positions[i]);
            }
        }
        long[] nextOnSameDocument = appended.nextOnSameDocument();
        List<Double> values = new ArrayList<>(appended.size());
        int missing = 0;
        long firstMissing = -1;
        int early = 0;
        for (int i = 0; i < appended.size(); i++) {
            long position = appended.positions.get(i);
            int at = Arrays.binarySearch(positions, position);
            int first = at >= 0 ? at : -at - 1;
            Long version = first < seen.length ? seen[first].versions().get(appended.documents.get(i)) : null;
            // a batch that also applied the document's next event folds both into one change at the later version
            boolean folded = version != null && version >= nextOnSameDocument[i]
                    && nextOnSameDocument[i] <= seen[first].position();
            if (version == null || version < position || version >= nextOnSameDocument[i] && !folded) {
                missing++;
                firstMissing = firstMissing < 0 ? position : firstMissing;
                continue;
            }
            long nanos = seen[first].nanos() - (fromCallStart ? appended.started : appended.committed).get(i);
            early += nanos < 0 ? 1 : 0; // applied and delivered before the appending thread got back from the call
            values.add(Math.max(0, nanos) / 1e6);
        }
        if (missing > 0) {
            throw new IllegalStateException(missing + " of " + appended.size() + " events never arrived in the notice"
                    + " of their batch, the first at position " + firstMissing + " (last notice at "
                    + (positions.length == 0 ? "none" : positions[positions.length - 1]) + ")");
        }
        return new Latencies(values, early);
    }

    private Arrival last() {
        return arrivals.get(arrivals.size() - 1);
    }

    /** The events of one run: position, document (the meter, which is also the stream) and commit time. */
    static final class Appended {
        private final List<Long> positions = new ArrayList<>();
        private final List<String> documents = new ArrayList<>();
        private final List<Long> started = new ArrayList<>();
        private final List<Long> committed = new ArrayList<>();
        private int calls;

        /** The events one append call wrote: it started at {@code startNanos} and returned at {@code committedNanos}. */
        void call(List<Long> eventPositions, List<String> eventDocuments, long startNanos, long committedNanos) {
            positions.addAll(eventPositions);
            documents.addAll(eventDocuments);
            eventPositions.forEach(p -> {
                started.add(startNanos);
                committed.add(committedNanos);
            });
            calls++;
        }

        int size() {
            return positions.size();
        }

        int calls() {
            return calls;
        }

        long last() {
            return positions.isEmpty() ? 0 : positions.get(positions.size() - 1);
        }

        /** For each event, the position of the next event of this run on the same document, or MAX_VALUE. */
        long[] nextOnSameDocument() {
            long[] next = new long[positions.size()];
            Map<String, Long> later = new HashMap<>();
            for (int i = positions.size() - 1; i >= 0; i--) {
                next[i] = later.getOrDefault(documents.get(i), Long.MAX_VALUE);
                later.put(documents.get(i), positions.get(i));
            }
            return next;
        }
    }

    /** Latencies in milliseconds, and how many arrived before their append call returned (counted as 0). */
    record Latencies(List<Double> values, int early) {
        Latencies {
            values = values.stream().sorted().toList();
        }

        double percentile(double p) {
            return values.isEmpty() ? Double.NaN : values.get(Math.min(values.size() - 1, (int) (values.size() * p)));
        }

        double p99() {
            return percentile(0.99);
        }

        String figure() {
            return String.format(Locale.ROOT, "p50 %.1f / p99 %.1f / max %.1f ms", percentile(0.5), p99(),
                    values.isEmpty() ? Double.NaN : values.get(values.size() - 1));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s over %,d events (%,d before the append call returned)", figure(),
                    values.size(), early);
        }
    }
}
