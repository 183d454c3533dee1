package dev.readmodel.server;

import dev.readmodel.core.error.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link QueryServer}'s change feeds ({@code /read-models/{name}/changes}, its WebSocket twin and the
 * operations {@code /feed}) behave and what they allow. Immutable; checked when built, with messages that
 * carry the bad value and the allowed range. Set through {@link QueryServerConfig.Builder}.
 *
 * @param window the commit messages kept per read model for clients that resume (1 to 1,000,000): a client
 *     resuming from a position no older than the oldest one kept gets every later message, none twice
 * @param maxConnections live feed connections at once, in total (1 to 100,000); more are answered 503
 * @param maxConnectionsPerClient live feed connections at once from one client address (1 to 100,000); more
 *     are answered 429
 * @param queueSize messages queued for one connection (1 to 1,000,000); a client that falls further behind is
 *     sent {@code reset} (reason {@code overflow}) and disconnected
 * @param keepAlive how often an idle stream gets a keep-alive ({@code : keep-alive} on SSE, a ping on
 *     WebSocket), 10 ms to 1 hour
 * @param statusInterval how often the operations feed checks projection status for changes, 10 ms to 1 hour
 * @param windowBytes the most the messages kept per read model may weigh, in bytes of their JSON (1 KiB to
 *     4 GiB): large documents shorten the window before {@code window} messages are reached
 */
public record FeedConfig(int window, int maxConnections, int maxConnectionsPerClient, int queueSize,
        Duration keepAlive, Duration statusInterval, long windowBytes) {
    /** The default weight of one read model's window: 32 MiB. */
    public static final long DEFAULT_WINDOW_BYTES = 32L * 1024 * 1024;
    /** The defaults: 10,000 messages kept (at most 32 MiB), 256 connections (16 per client), 1,024 queued, 15 s, 1 s. */
    public static final FeedConfig DEFAULT = new FeedConfig(10_000, 256, 16, 1_024, Duration.ofSeconds(15),
            Duration.ofSeconds(1), DEFAULT_WINDOW_BYTES);

    /**
     * Checks every setting.
     *
     * @throws ConfigurationException naming the setting, the bad value and what is allowed
     */
    public FeedConfig {
        range("feedWindow", window, 1, 1_000_000);
        range("maxFeedConnections", maxConnections, 1, 100_000);
        range("maxFeedConnectionsPerClient", maxConnectionsPerClient, 1, 100_000);
        range("feedQueueSize", queueSize, 1, 1_000_000);
        interval("feedKeepAlive", keepAlive);
        interval("feedStatusInterval", statusInterval);
        if (windowBytes < 1024 || windowBytes > 4L * 1024 * 1024 * 1024) {
            throw new ConfigurationException("Invalid feedWindowBytes [" + windowBytes + "]: expected 1024 to 4294967296");
        }
    }

    private static void range(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigurationException("Invalid " + setting + " [" + value + "]: expected " + min + " to " + max);
        }
    }

    private static void interval(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.toMillis() < 10 || value.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigurationException("Invalid " + setting + " [" + value + "]: expected 10 ms to 1 hour");
        }
    }
}
