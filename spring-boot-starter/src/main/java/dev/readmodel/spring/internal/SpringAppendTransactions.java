package dev.readmodel.spring.internal;

import dev.readmodel.core.spi.AppendTransactions;
import java.util.Objects;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring's transactions as the engine's {@link AppendTransactions}: an append joins the caller's transaction
 * exactly when the event store's {@link CallerTransactionDataSource} does, and its inline projections are
 * announced from that transaction's {@code afterCommit}, never after a rollback; the engine's inline-append
 * lock is given back from its {@code afterCompletion}, on the committing thread. Thread-safe.
 */
public final class SpringAppendTransactions implements AppendTransactions {
    private final CallerTransactionDataSource dataSource;

    /** Follows the transactions that {@code dataSource} joins. */
    public SpringAppendTransactions(CallerTransactionDataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public boolean callerOwned() {
        return dataSource.joinsCallerTransaction();
    }

    @Override
    public void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    @Override
    public void afterCompletion(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                action.run();
            }
        });
    }
}
