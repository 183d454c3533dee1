package dev.readmodel.server.internal;

/**
 * Where a live query writes: a server-sent event stream ({@link LiveSse}) or a WebSocket ({@link LiveWs}).
 * Each write returns {@code false} once the output is closed (the client went away or {@link #close} was
 * called), and every later write is refused. Implementations are thread-safe: writes are serialized.
 */
interface LiveOut {
    /** Writes event {@code name} at {@code position} with {@code data} as JSON; {@code false} once closed. */
    boolean event(String name, long position, Object data);

    /** Writes a keep-alive that also finds clients that went away; {@code false} once closed. */
    boolean keepAlive();

    /** Whether a write failed or {@link #close} was called. */
    boolean closed();

    /** Refuses further writes and ends the transport's side; {@code reason} says why, where it can be told. */
    void close(String reason);
}
