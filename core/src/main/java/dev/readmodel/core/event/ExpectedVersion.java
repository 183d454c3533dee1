package dev.readmodel.core.event;

/**
 * What an append expects of its stream, for optimistic concurrency.
 */
public sealed interface ExpectedVersion {
    /** Append whatever the stream's version. */
    ExpectedVersion ANY = new Any();
    /** Append only if the stream does not exist yet. */
    ExpectedVersion NO_STREAM = new NoStream();

    /** Append only if the stream is at exactly {@code version} (at least 1). */
    static ExpectedVersion exactly(long version) {
        return new Exactly(version);
    }

    /** Whether a stream now at {@code actual} (0 when absent) satisfies this expectation. */
    boolean accepts(long actual);

    /** No expectation. */
    record Any() implements ExpectedVersion {
        @Override
        public boolean accepts(long actual) {
            return true;
        }

        @Override
        public String toString() {
            return "any";
        }
    }

    /** The stream must not exist. */
    record NoStream() implements ExpectedVersion {
        @Override
        public boolean accepts(long actual) {
            return actual == 0;
        }

        @Override
        public String toString() {
            return "no stream";
        }
    }

    /** The stream must be at exactly {@code version}. */
    record Exactly(long version) implements ExpectedVersion {
        /** Rejects versions below 1; use {@link #NO_STREAM} for a new stream. */
        public Exactly {
            if (version < 1) {
                throw new IllegalArgumentException("Expected version must be at least 1 (use NO_STREAM for a new stream) but was ["
                        + version + "]");
            }
        }

        @Override
        public boolean accepts(long actual) {
            return actual == version;
        }

        @Override
        public String toString() {
            return Long.toString(version);
        }
    }
}
