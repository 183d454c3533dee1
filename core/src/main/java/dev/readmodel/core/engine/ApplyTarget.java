package dev.readmodel.core.engine;

import dev.readmodel.core.spi.DocumentWriter;

/**
 * Where a batch goes: the writer it commits to, the applier that follows the projection's failure
 * policy, the cache of that writer's documents, and the status that counts its progress. The live one
 * is handed out only under the runner's lock ({@link ProjectionRunner#exclusively}); a rebuild makes
 * its own for its shadow copies. Not thread-safe: the cache belongs to one thread at a time.
 */
record ApplyTarget(DocumentWriter writer, BatchApplier applier, DocumentCache cache, RunnerStatus status) {

    /** The same target committing to {@code other} (an append's transaction, a pipelined writer). */
    ApplyTarget withWriter(DocumentWriter other) {
        return new ApplyTarget(other, applier, cache, status);
    }
}
