package dev.readmodel.core.change;

import dev.readmodel.core.error.ConfigurationException;
import java.util.Objects;
import java.util.Set;

/**
 * What a subscription receives and how far its listener may fall behind.
 *
 * @param readModels the read models whose changes it receives (the projections owning them are the
 *     ones whose commits it receives); empty for every read model
 * @param bufferSize notices held for the listener before they are dropped and reported as
 *     {@link Overflowed} (1 to 1,000,000)
 */
public record SubscriptionOptions(Set<String> readModels, int bufferSize) {
    /** The default buffer: 1,024 notices. */
    public static final int DEFAULT_BUFFER = 1_024;

    /** Copies the names; checks the buffer size. */
    public SubscriptionOptions {
        readModels = Set.copyOf(Objects.requireNonNull(readModels, "readModels"));
        if (bufferSize < 1 || bufferSize > 1_000_000) {
            throw new ConfigurationException("Invalid bufferSize [" + bufferSize + "]: expected 1 to 1000000");
        }
    }

    /** Every read model's changes, with the default buffer. */
    public static SubscriptionOptions all() {
        return new SubscriptionOptions(Set.of(), DEFAULT_BUFFER);
    }

    /** The changes of {@code names} only, with the default buffer. */
    public static SubscriptionOptions readModels(String... names) {
        return new SubscriptionOptions(Set.of(names), DEFAULT_BUFFER);
    }

    /** These options with another buffer size. */
    public SubscriptionOptions withBufferSize(int size) {
        return new SubscriptionOptions(readModels, size);
    }
}
