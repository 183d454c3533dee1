package dev.readmodel.core.spi;

/**
 * What a store's {@link DocumentWriter#commitIfCheckpoint} promises, strongest first. On every kind, a
 * commit whose expected checkpoint is not the stored one when it starts is refused before it writes
 * anything; the kinds differ in what writers that race from one checkpoint can leave behind. Test
 * suites hold each store to the promise it declares ({@link DocumentWriter#conditionalCommit()}).
 */
public enum ConditionalCommit {
    /**
     * The check and the commit are one transaction: a refused batch wrote nothing, and of writers racing
     * from one checkpoint exactly one commits (PostgreSQL, memory).
     */
    ATOMIC,
    /**
     * The checkpoint write itself is conditional (compare-and-set on the stored checkpoint): of writers
     * racing from one checkpoint exactly one moves it and the others are refused, but a refused racer's
     * documents may be written already. They carry the positions of their events as versions, so they never
     * replace a newer state; a consumer fed by a log (Kafka) computes the same document for the same
     * position whichever writer it is (Elasticsearch).
     */
    CONDITIONAL_CHECKPOINT,
    /**
     * No compare-and-set: the checkpoint is checked before the writes and read back after its own write, and
     * its rows are versioned so that of commits racing from one checkpoint the furthest stays: it never moves
     * back. Racers may each be told they committed, each having found its own checkpoint stored when it read
     * it back, and their documents are written as under {@link #CONDITIONAL_CHECKPOINT} (ClickHouse).
     */
    MONOTONIC_CHECKPOINT,
    /**
     * The default of {@link DocumentWriter#commitIfCheckpoint}: reads the checkpoint, then commits; writers
     * racing between the two may all commit, and the last checkpoint written stays.
     */
    CHECK_THEN_COMMIT
}
