package dev.readmodel.core.engine;

import dev.readmodel.core.projection.Checkpoint;
import dev.readmodel.core.spi.CheckpointStore;
import dev.readmodel.core.spi.ShadowNames;
import dev.readmodel.core.status.RebuildMarker;

/**
 * Keeps a projection's unfinished rebuild in the checkpoint store every read-model store already has,
 * under the derived key {@code <projection>#rebuild-marker}: no store needs a table or method of its own,
 * and no projection's checkpoint can share the key, because projection names cannot contain {@code #}.
 * The value packs the phase and the target into one position, {@code target * 4 + phase}, so that one
 * write changes both and a kill leaves either the old marker or the new one; {@code 0} means none.
 *
 * <p>Write order, so that a kill at any point leaves the marker truthful: a truncate rebuild writes
 * {@link Phase#TRUNCATING} before it empties anything, {@link Phase#REPLAYING} once the store has
 * emptied the read models and reset the checkpoint, and clears the marker after its last checkpoint
 * committed. A zero-downtime rebuild writes {@link Phase#ZERO_DOWNTIME} before its shadow copies and
 * clears it after the swap or the abort.
 */
final class RebuildMarkers {
    /** Where a rebuild is; the order of the constants is their stored code, from 1. */
    enum Phase {
        /** Asked to truncate; the read models may still be the old ones: a resume truncates again. */
        TRUNCATING,
        /** Truncated: the checkpoint counts the replay's progress, and a resume continues from it. */
        REPLAYING,
        /** Filling shadow copies; the live read models are the previous, whole ones. */
        ZERO_DOWNTIME;

        RebuildMarker.Kind kind() {
            return this == ZERO_DOWNTIME ? RebuildMarker.Kind.ZERO_DOWNTIME : RebuildMarker.Kind.TRUNCATE;
        }
    }

    /** A stored marker: its phase and the head when the rebuild started. */
    record Stored(Phase phase, long target) {
    }

    private static final String SUFFIX = "#rebuild-marker";

    private RebuildMarkers() {
    }

    /** The stored marker of {@code projection}, or {@code null}. */
    static Stored load(CheckpointStore checkpoints, String projection) {
        long value = checkpoints.load(projection + SUFFIX);
        int code = (int) (value & 3);
        return code == 0 ? null : new Stored(Phase.values()[code - 1], value >>> 2);
    }

    static void store(CheckpointStore checkpoints, String projection, Stored marker) {
        checkpoints.store(new Checkpoint(projection + SUFFIX, (marker.target() << 2) | (marker.phase().ordinal() + 1)));
    }

    static void clear(CheckpointStore checkpoints, String projection) {
        checkpoints.store(new Checkpoint(projection + SUFFIX, 0));
    }

    /** How far an interrupted zero-downtime rebuild got, where the store keeps its shadow checkpoint. */
    static long shadowPosition(CheckpointStore checkpoints, String projection) {
        return checkpoints.load(ShadowNames.shadowCheckpoint(projection));
    }
}
