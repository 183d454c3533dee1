package dev.readmodel.server;

import dev.readmodel.core.event.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Real HTTP against a test server, with the JDK's client. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Http(QueryServer server) {
        this.base = server.url().toString();
    }

    record Answer(int status, HttpResponse<String> response) {
        JsonNode json() {
            return Json.parse(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + response.body();
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Answer get(String pathAndQuery, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), headers);
    }

    Answer post(String pathAndQuery, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"), headers);
    }

    /**
     * A POST on a new connection: a pooled one may have been closed by the server after an earlier refusal
     * (Jetty closes after a request line it will not read), and the JDK client retries only idempotent requests.
     */
    Answer postOnNewConnection(String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer delete(String pathAndQuery, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).DELETE(), headers);
    }

    Answer options(String pathAndQuery, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), headers);
    }

    private static Answer send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
