package dev.readmodel.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * A live query over a WebSocket: each event one text frame {@code {"event":<name>,"id":<position>,"data":{...}}},
 * keep-alives as pings. Each write returns only once its frame was sent, as the change feed's socket does, so
 * that a slow client holds up its own live query, as a slow SSE reader does, instead of filling Jetty's
 * unbounded frame queue. Closing sends a normal close with the reason. Thread-safe: writes are serialized.
 */
final class LiveWs implements LiveOut {
    /** The most UTF-8 bytes a close frame's reason may have (RFC 6455: 125 less the code). */
    private static final int MAX_REASON_BYTES = 123;

    private final Session session;
    private boolean closed;

    /** Writes to {@code session}, open. */
    LiveWs(Session session) {
        this.session = session;
    }

    @Override
    public synchronized boolean event(String name, long position, Object data) {
        ObjectNode frame = JsonOut.mapper().createObjectNode().put("event", name).put("id", position);
        frame.set("data", JsonOut.mapper().valueToTree(data));
        return send(new String(JsonOut.bytes(frame), StandardCharsets.UTF_8), false);
    }

    @Override
    public synchronized boolean keepAlive() {
        return send(null, true);
    }

    @Override
    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close(String reason) {
        closed = true;
        if (session.isOpen()) {
            session.close(StatusCode.NORMAL, reason(reason), Callback.NOOP);
        }
    }

    private boolean send(String text, boolean ping) {
        if (closed) {
            return false;
        }
        Callback.Completable sent = new Callback.Completable();
        try {
            if (ping) {
                session.sendPing(ByteBuffer.allocate(0), sent);
            } else {
                session.sendText(text, sent);
            }
            sent.get();
            return true;
        } catch (ExecutionException | RuntimeException e) {
            closed = true; // the client went away
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return false;
        }
    }

    /** {@code text} cut to fit a close frame's reason. */
    static String reason(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_REASON_BYTES ? text
                : new String(bytes, 0, MAX_REASON_BYTES, StandardCharsets.UTF_8).replace("\uFFFD", "");
    }
}
