package dev.readmodel.core.engine;

import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.EventBatch;
import dev.readmodel.core.event.EventEnvelope;
import dev.readmodel.core.event.EventSource;
import dev.readmodel.core.spi.DocumentWriter;
import dev.readmodel.core.spi.StoreTransaction;
import dev.readmodel.core.spi.TransactionalEventStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies inline projections inside an append's transaction. A handler failure aborts the append: the
 * events and the read-model changes commit together or not at all.
 */
final class InlineParticipant implements TransactionalEventStore.Participant {
    private final List<ProjectionRunner> runners;
    private final EventSource source;
    private final int batchSize;

    InlineParticipant(List<ProjectionRunner> runners, EventSource source, int batchSize) {
        this.runners = runners;
        this.source = source;
        this.batchSize = batchSize;
    }

    @Override
    public void inTransaction(List<EventEnvelope> appended, StoreTransaction transaction) {
        long first = appended.get(0).position();
        long last = appended.get(appended.size() - 1).position();
        for (ProjectionRunner runner : runners) {
            if (runner.isFaulted()) {
                throw new ProjectionFailedException(runner.name(), first, appended.get(0).type(),
                        new IllegalStateException("inline projection is faulted; restart it first"));
            }
            DocumentWriter writer = runner.store.inTransaction(transaction);
            long checkpoint = writer.checkpoint(runner.name());
            // Events appended around the engine (directly to the store) are applied first, in order.
            while (checkpoint < first - 1) {
                EventBatch gap = source.read(checkpoint, batchSize, runner.projection.handledTypes());
                List<EventEnvelope> before = gap.events().stream().filter(e -> e.position() < first).toList();
                long upTo = Math.min(gap.readUpTo(), first - 1);
                if (upTo <= checkpoint) {
                    break;
                }
                applyOrThrow(runner, before, upTo, writer);
                checkpoint = upTo;
            }
            List<EventEnvelope> matching = new ArrayList<>();
            for (EventEnvelope event : appended) {
                if (runner.projection.handledTypes().matches(event.type())) {
                    matching.add(event);
                }
            }
            applyOrThrow(runner, matching, last, writer);
        }
    }

    private static void applyOrThrow(ProjectionRunner runner, List<EventEnvelope> events, long readUpTo,
            DocumentWriter writer) {
        runner.batchLock.lock();
        try {
            runner.applier.applyOnce(events, readUpTo, writer, runner.cache);
        } finally {
            runner.batchLock.unlock();
        }
    }
}
