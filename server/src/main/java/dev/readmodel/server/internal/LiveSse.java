package dev.readmodel.server.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code text/event-stream} answer, written as {@code event: <name>}, {@code id: <position>},
 * {@code data: <one line of JSON>} and a blank line, each event flushed at once; comments such as
 * {@code : keep-alive} in between. A write that fails (the client went away) closes the writer and every
 * later write is refused. Thread-safe: writes are serialized.
 */
final class LiveSse implements LiveOut {
    private final OutputStream out;
    private boolean closed;

    /** A stream over {@code out}, whose headers were sent. */
    LiveSse(OutputStream out) {
        this.out = out;
    }

    /**
     * Starts the stream on {@code response}: status 200, the event-stream type, no caching and no proxy
     * buffering, headers sent at once.
     *
     * @throws IOException when the client went away
     */
    static LiveSse open(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setCharacterEncoding("UTF-8");
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.flushBuffer();
        return new LiveSse(response.getOutputStream());
    }

    @Override
    public synchronized boolean event(String name, long position, Object data) {
        byte[] json = JsonOut.bytes(data); // compact: JSON escapes line breaks inside strings, so it is one line
        return write(("event: " + name + "\nid: " + position + "\ndata: ").getBytes(StandardCharsets.UTF_8), json,
                "\n\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the comment {@code : text}; {@code false} once the stream is closed. */
    synchronized boolean comment(String text) {
        return write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the comment {@code : keep-alive}. */
    @Override
    public boolean keepAlive() {
        return comment("keep-alive");
    }

    @Override
    public synchronized boolean closed() {
        return closed;
    }

    /** Refuses further writes; the response itself is completed by whoever owns the request. */
    @Override
    public synchronized void close(String reason) {
        closed = true;
    }

    private boolean write(byte[]... parts) {
        if (closed) {
            return false;
        }
        try {
            for (byte[] part : parts) {
                out.write(part);
            }
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            closed = true; // the client went away (Jetty throws EofException or an IllegalStateException once closed)
            return false;
        }
    }
}
