package dev.readmodel.server;

import dev.readmodel.core.event.Json;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client of one server-sent event stream over real HTTP (the JDK's client), its events read on a thread of its own. */
final class LiveStream implements AutoCloseable {
    /** One event: its name, its id, and its data as JSON. */
    record Event(String name, long id, JsonNode data) {
        @Override
        public String toString() {
            return name + " " + id + " " + data;
        }
    }

    /** Put in place of an event when the server ended the stream. */
    static final Event END = new Event("end", -1, null);

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private LiveStream(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "live-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens {@code pathAndQuery} of {@code server}; returns once the answer's headers have come. */
    static LiveStream open(QueryServer server, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new LiveStream(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a refusal, which is not a stream. */
    String body() throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The next event, or {@link #END}; fails after 60 s. */
    Event next() throws InterruptedException {
        Event event = events.poll(60, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("No event within 60 s");
        }
        return event;
    }

    /** The next event if one comes within {@code wait}, else {@code null}. */
    Event poll(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            long id = -1;
            String data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (name != null) {
                        events.add(new Event(name, id, Json.parse(data)));
                    }
                    name = null;
                    id = -1;
                    data = null;
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("data: ")) {
                    if (data != null) {
                        throw new AssertionError("An event with data on more than one line: " + data);
                    }
                    data = line.substring(6);
                } else if (!line.startsWith(":")) {
                    throw new AssertionError("Not a server-sent event line: " + line);
                }
            }
        } catch (IOException e) {
            // closed by close(), or the connection broke: either way the stream ended
        } finally {
            events.add(END);
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
