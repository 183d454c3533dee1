package dev.readmodel.core.status;

/**
 * The query cache of a projection's read models (off unless {@code EngineConfig.withQueryCacheSize} turns
 * it on): answers served from it, answers it did not hold, and answers it holds now.
 *
 * @param hits queries answered from the cache since the engine started
 * @param misses queries the cache could not answer (and asked the store) since the engine started
 * @param entries answers held now
 */
public record QueryCacheStats(long hits, long misses, long entries) {
    /** A cache that is off, or has not been asked yet. */
    public static final QueryCacheStats NONE = new QueryCacheStats(0, 0, 0);
}
