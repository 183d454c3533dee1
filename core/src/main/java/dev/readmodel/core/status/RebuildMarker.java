package dev.readmodel.core.status;

import java.util.Objects;

/**
 * A rebuild of a projection that has not finished. The engine keeps it in the projection's checkpoint
 * store, written before the rebuild changes anything and cleared only after its last checkpoint, so
 * that it survives a killed process and every status shows it, before and after the engine starts.
 *
 * @param kind what was being rebuilt, and so whether the read models answer whole meanwhile
 * @param target the event source's head when the rebuild started: a truncate rebuild's read models are
 *     whole again once {@code position} reaches it
 * @param position how far it got: the projection's checkpoint ({@link Kind#TRUNCATE}) or that of the
 *     shadow copies ({@link Kind#ZERO_DOWNTIME}, {@code 0} when the store does not keep one)
 * @param running whether this engine is replaying it now; {@code false} when it was interrupted (a
 *     killed process, a cancel, a fault), in which case a truncate rebuild resumes when the engine starts
 */
public record RebuildMarker(Kind kind, long target, long position, boolean running) {
    /** The two ways of rebuilding. */
    public enum Kind {
        /** The read models were emptied and are being filled again: their answers are partial. */
        TRUNCATE,
        /** Shadow copies are being filled while the previous read models keep serving, whole. */
        ZERO_DOWNTIME
    }

    /** Rejects a null kind and negative positions. */
    public RebuildMarker {
        Objects.requireNonNull(kind, "kind");
        if (target < 0 || position < 0) {
            throw new IllegalArgumentException("Rebuild marker positions must not be negative but were target ["
                    + target + "] and position [" + position + "]");
        }
    }

    /** Whether queries on the projection's read models may miss documents or see old values meanwhile. */
    public boolean partial() {
        return kind == Kind.TRUNCATE;
    }

    /** Fraction of the history replayed, from 0 to 1. */
    public double fraction() {
        return target == 0 ? 1.0 : Math.min(1.0, (double) position / target);
    }

    /** For messages and status tables, such as {@code truncate rebuild interrupted at [1200] of [5000] (24%)}. */
    public String describe() {
        String what = kind == Kind.TRUNCATE ? "truncate rebuild" : "zero-downtime rebuild";
        String state = running ? "running" : "interrupted";
        String serving = kind == Kind.TRUNCATE ? "answers are partial" : "the previous read models serve";
        return String.format(java.util.Locale.ROOT, "%s %s at [%d] of [%d] (%.0f%%); %s", what, state, position, target,
                fraction() * 100, serving);
    }
}
