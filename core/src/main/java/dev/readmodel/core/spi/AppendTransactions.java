package dev.readmodel.core.spi;

/**
 * Who commits the transaction of an append with inline projections. By default ({@link #OWN}) the event
 * store begins and commits it inside {@code append}. When an application framework's transaction manager
 * owns the connection (such as Spring's {@code @Transactional}), the event store joins the caller's
 * transaction and the commit comes later, from the caller. The engine then announces the inline
 * projections' batches and moves their checkpoints only once that transaction has committed, never if it
 * rolls back, and keeps none of the documents the append wrote in its caches.
 *
 * <p>Implementations answer for the calling thread and are thread-safe.
 */
public interface AppendTransactions {
    /** Every append commits its own transaction before it returns; nothing is deferred. */
    AppendTransactions OWN = new AppendTransactions() {
        @Override
        public boolean callerOwned() {
            return false;
        }

        @Override
        public void afterCommit(Runnable action) {
            action.run();
        }

        @Override
        public void afterCompletion(Runnable action) {
            action.run();
        }
    };

    /**
     * Whether an append made now on the calling thread joins a transaction that its caller commits or rolls
     * back after the append has returned. Asked before each append with inline projections.
     */
    boolean callerOwned();

    /**
     * Called right after an append for which {@link #callerOwned()} was true: runs {@code action} once the
     * caller's transaction has committed, and never if it rolls back.
     */
    void afterCommit(Runnable action);

    /**
     * Called on the appending thread right after {@link #callerOwned()} was true, before the append: runs
     * {@code action} on that thread once the caller's transaction has ended, committed or rolled back. The
     * engine holds its inline-append lock until then, so that no other append waits, holding it, on the
     * database locks this transaction keeps.
     */
    void afterCompletion(Runnable action);
}
