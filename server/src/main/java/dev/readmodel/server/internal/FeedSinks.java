package dev.readmodel.server.internal;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/** How each transport writes feed messages: SSE on an async HTTP response, or WebSocket text frames. */
final class FeedSinks {
    private FeedSinks() {
    }

    /** SSE events on a response whose headers were sent; closing completes {@code done}, which ends the response. */
    static FeedConnection.Sink sse(ServletOutputStream out, CompletableFuture<Void> done) {
        return new FeedConnection.Sink() {
            @Override
            public void write(FeedMessage message) throws IOException {
                out.write(message.sse().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }

            @Override
            public void close() {
                done.complete(null);
            }
        };
    }

    /**
     * Text frames on {@code session}, each awaited before the next, so that a slow client fills its
     * connection's queue instead of Jetty's unbounded one; keep-alives are pings.
     */
    static FeedConnection.Sink ws(Session session) {
        return new FeedConnection.Sink() {
            @Override
            public void write(FeedMessage message) throws IOException {
                Callback.Completable sent = new Callback.Completable();
                if (message == FeedMessage.KEEP_ALIVE) {
                    session.sendPing(ByteBuffer.allocate(0), sent);
                } else {
                    session.sendText(message.ws(), sent);
                }
                try {
                    sent.get();
                } catch (ExecutionException e) {
                    throw new IOException("WebSocket send failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while sending", e);
                }
            }

            @Override
            public void close() {
                if (session.isOpen()) {
                    session.close(StatusCode.NORMAL, "feed closed", Callback.NOOP);
                }
            }
        };
    }
}
