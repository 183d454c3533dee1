package dev.readmodel.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A server-sent-events reader over the JDK's {@code HttpClient}, for the feed benchmark: one GET whose
 * body is read line by line on a thread of its own; each event (its {@code event:} name, {@code id:} and
 * {@code data:} lines joined) goes to the handler with the time its first line arrived. Comments and
 * retry hints are skipped. Close it to stop reading.
 */
final class SseClient implements AutoCloseable {
    /** Receives each event on the reading thread. */
    @FunctionalInterface
    interface Handler {
        void onEvent(String event, String id, String data, long receivedNanos);
    }

    private final InputStream body;
    private final Thread reader;
    private volatile boolean closing;
    private volatile Exception failure;

    private SseClient(InputStream body, Handler handler) {
        this.body = body;
        this.reader = new Thread(() -> read(handler), "bench-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens {@code uri} and starts reading once the answer's headers arrived.
     *
     * @throws IOException when the server does not answer 200 with {@code text/event-stream}
     */
    static SseClient open(HttpClient http, URI uri, Handler handler) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200 || !type.startsWith("text/event-stream")) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readNBytes(2_000), StandardCharsets.UTF_8);
            }
            throw new IOException("GET " + uri + " answered " + response.statusCode() + " " + type + ": " + text);
        }
        return new SseClient(response.body(), handler);
    }

    private void read(Handler handler) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            long firstLine = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (firstLine != 0) {
                        handler.onEvent(event, id, data.toString(), firstLine);
                    }
                    event = "message";
                    id = null;
                    data.setLength(0);
                    firstLine = 0;
                    continue;
                }
                if (line.startsWith(":")) {
                    continue; // a comment, such as a keep-alive
                }
                if (firstLine == 0) {
                    firstLine = System.nanoTime();
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "data" -> data.append(data.length() == 0 ? "" : "\n").append(value);
                    default -> { } // retry, or a field the format ignores
                }
            }
            if (!closing) {
                failure = new IOException("the server ended the event stream");
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                failure = e;
            }
        }
    }

    /** What stopped the reader before {@link #close}, or {@code null}. */
    Exception failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing only to stop the reader
        }
        reader.join(5_000);
    }
}
