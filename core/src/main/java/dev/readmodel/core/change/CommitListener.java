package dev.readmodel.core.change;

/**
 * Receives a subscription's notices, one at a time, on a thread of the engine's that is never a
 * projection's: a slow listener delays only itself. An exception it throws is logged and the next
 * notice is delivered all the same.
 */
@FunctionalInterface
public interface CommitListener {
    /** Called once per notice, in order; never concurrently for one subscription. */
    void onNotice(CommitNotice notice);
}
