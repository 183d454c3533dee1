package dev.readmodel.server;

import dev.readmodel.core.event.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Feed clients over real connections: SSE read line by line with the JDK's HttpClient, and its WebSocket. */
final class FeedClients {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private FeedClients() {
    }

    /** One message as received; {@code id} is -1 when it had none. The end of the stream is {@link #END}. */
    record Msg(String event, long id, JsonNode data) {
        static final Msg END = new Msg("end", -1, null);
    }

    /** A feed being read on a thread of its own into a queue, until it ends or is dropped. */
    abstract static class Feed implements AutoCloseable {
        final BlockingQueue<Msg> received = new LinkedBlockingQueue<>();
        final List<Msg> taken = new ArrayList<>();

        /** The next message, waiting up to 60 s for it. */
        Msg next() throws InterruptedException {
            Msg msg = received.poll(60, TimeUnit.SECONDS);
            if (msg == null) {
                throw new AssertionError("No feed message within 60 s; got so far: " + taken.size());
            }
            taken.add(msg);
            return msg;
        }

        /** The next message, or {@code null} when none came within {@code wait}. */
        Msg poll(Duration wait) throws InterruptedException {
            Msg msg = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (msg != null) {
                taken.add(msg);
            }
            return msg;
        }

        /** Takes messages until one matches {@code until} (returned) or the stream ends (then {@link Msg#END}). */
        Msg until(Predicate<Msg> until) throws InterruptedException {
            while (true) {
                Msg msg = next();
                if (msg == Msg.END || until.test(msg)) {
                    return msg;
                }
            }
        }

        /** Drops the connection. */
        @Override
        public abstract void close();
    }

    /** An SSE response: its status, and its problem body when refused. */
    static final class Sse extends Feed {
        final int status;
        final String problem;
        final String retryAfter;
        private final InputStream body;

        private final CountDownLatch paused;

        private Sse(HttpResponse<InputStream> response, boolean paused) throws IOException {
            this.status = response.statusCode();
            this.body = response.body();
            this.paused = new CountDownLatch(paused ? 1 : 0);
            this.retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            if (status != 200) {
                this.problem = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                body.close();
                return;
            }
            this.problem = null;
            Thread reader = new Thread(this::read, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** A paused client starts reading. */
        void resume() {
            paused.countDown();
        }

        private void read() {
            try {
                paused.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = "message";
                long id = -1;
                String data = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            received.add(new Msg(event, id, Json.parse(data)));
                        }
                        event = "message";
                        id = -1;
                        data = null;
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4));
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
            } catch (IOException e) {
                // dropped: the end below
            }
            received.add(Msg.END);
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static HttpResponse<InputStream> open(URI uri, String... headers) {
        return open(CLIENT, uri, headers);
    }

    private static HttpResponse<InputStream> open(HttpClient client, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code base + path} as SSE. */
    static Sse sse(QueryServer server, String path, String... headers) throws IOException {
        return new Sse(open(URI.create(server.url() + path), headers), false);
    }

    /** Opens {@code base + path} as SSE; when {@code paused}, nothing is read until {@link Sse#resume()}. */
    static Sse sse(QueryServer server, String path, boolean paused) throws IOException {
        // a client of its own, so that one not reading cannot hold up the shared one's other connections
        HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new Sse(open(own, URI.create(server.url() + path)), paused);
    }

    /** A WebSocket feed; {@link #close()} aborts it as a dropped connection would. */
    static final class Ws extends Feed implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        /** The server's close code and reason, once it closed; -1 and null before. */
        volatile int closeCode = -1;
        volatile String closeReason;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = Json.parse(partial.toString());
                partial.setLength(0);
                received.add(new Msg(frame.get("event").asText(), frame.has("id") ? frame.get("id").asLong() : -1,
                        frame.get("data")));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason;
            received.add(Msg.END);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(Msg.END);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    /** The HTTP status that refused a WebSocket upgrade; fails when it was accepted. */
    static int handshakeStatus(CompletableFuture<Ws> ws) throws InterruptedException, TimeoutException {
        try {
            ws.get(30, TimeUnit.SECONDS).close();
            throw new AssertionError("The WebSocket upgrade was accepted");
        } catch (ExecutionException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse().statusCode();
                }
            }
            throw new AssertionError("The WebSocket upgrade failed otherwise", e);
        }
    }

    /** Opens {@code base + path} as a WebSocket (ws://). */
    static CompletableFuture<Ws> ws(QueryServer server, String path, String... headers) {
        Ws ws = new Ws();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.buildAsync(URI.create(server.url().toString().replaceFirst("^http", "ws") + path), ws)
                .thenApply(socket -> {
                    ws.socket = socket;
                    return ws;
                });
    }
}
