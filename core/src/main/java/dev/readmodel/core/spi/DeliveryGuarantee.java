package dev.readmodel.core.spi;

/** How a store makes a batch durable, which decides what a crash mid-commit can leave behind. */
public enum DeliveryGuarantee {
    /** Writes and checkpoint commit in one transaction: after a crash, either both are there or neither. */
    ATOMIC,
    /**
     * Writes are durable before the checkpoint and each document keeps the position of the last event
     * applied to it; after a crash the engine re-reads from the old checkpoint and skips, document by
     * document, what was already applied. Effects are exactly-once per document.
     */
    IDEMPOTENT
}
