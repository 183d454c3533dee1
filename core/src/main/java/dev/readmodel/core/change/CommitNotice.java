package dev.readmodel.core.change;

/**
 * Something a subscription delivers, always after the store committed it: a projection's committed
 * batch, read models replaced by a rebuild, or the news that this listener fell behind and notices were
 * dropped. Notices of one projection arrive in commit order.
 */
public sealed interface CommitNotice permits Committed, Replaced, Resumed, Overflowed {
    /**
     * The event-source position the notice stands at: for {@link Committed} and {@link Replaced}, the
     * projection's checkpoint once it was committed; for {@link Resumed}, the checkpoint taken up; for
     * {@link Overflowed}, that of the last notice dropped. A projection's positions rise from notice to
     * notice, except that a truncate rebuild starts again at 0 ({@link Replaced.Reason#TRUNCATED}).
     */
    long position();
}
