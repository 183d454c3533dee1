package dev.readmodel.core.spi;

/**
 * The names the shadow-rebuild protocol derives, in one place: the shadow copy of a read model and the
 * key its projection's shadow checkpoint is kept under in the store's {@link CheckpointStore}. The
 * checkpoint key cannot meet a projection's, because projection names cannot contain {@code #}; a read
 * model must not be named like another's shadow ({@code x__shadow} beside {@code x}). The engine reads
 * the same key for the progress of an interrupted rebuild. Stateless and thread-safe.
 */
public final class ShadowNames {
    /** Appended to a read model's name for its shadow table. */
    public static final String SHADOW_SUFFIX = "__shadow";
    /** Appended to a projection's name for the checkpoint of its shadow copies. */
    public static final String CHECKPOINT_SUFFIX = "#rebuild";

    private ShadowNames() {
    }

    /** The name of the shadow copy of the read model (or table) {@code name}, such as {@code orders__shadow}. */
    public static String shadowOf(String name) {
        return name + SHADOW_SUFFIX;
    }

    /** The checkpoint key of the shadow copies of {@code projection}, such as {@code orders#rebuild}. */
    public static String shadowCheckpoint(String projection) {
        return projection + CHECKPOINT_SUFFIX;
    }
}
