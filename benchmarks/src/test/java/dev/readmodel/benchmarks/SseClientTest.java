package dev.readmodel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.server.QueryServer;
import dev.readmodel.server.QueryServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark's SSE reader against the query server's real change feed, on the in-memory default. */
class SseClientTest {
    /** One event as the handler got it. */
    private record Received(String event, String id, String data, long nanos) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ProjectionEngine engine;
    private QueryServer server;

    @BeforeEach
    void start() {
        engine = ProjectionEngine.builder(new InMemoryEventStore())
                .register(Meters.projection("meters-feed", Meters.model("meters")), new InMemoryReadModelStore(),
                        ProjectionMode.PERSISTENT).build();
        engine.start();
        server = QueryServer.start(engine, QueryServerConfig.builder().port(0).serve("meters").build());
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    @Test
    void readsEachCommitWithItsNameIdAndDataAsTheyArrive() throws Exception {
        LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
        try (SseClient client = SseClient.open(http, URI.create(server.url() + "/read-models/meters/changes"),
                (event, id, data, nanos) -> received.add(new Received(event, id, data, nanos)))) {
            long before = System.nanoTime();
            Instant at = Instant.parse("2024-01-01T00:00:00Z");
            long position = engine.append("meter-1", ExpectedVersion.ANY,
                    List.of(NewEvent.of("meter.read", new Meters.Reading("meter-1", 7, at), at))).lastPosition();

            Received commit = received.poll(10, TimeUnit.SECONDS);

            assertThat(commit).isNotNull();
            assertThat(commit.event()).isEqualTo("commit");
            assertThat(commit.id()).isEqualTo(String.valueOf(position));
            assertThat(commit.data()).contains("\"position\":" + position).contains("\"id\":\"meter-1\"")
                    .contains("\"version\":" + position).doesNotContain("\n");
            assertThat(commit.nanos()).isGreaterThan(before);
            assertThat(client.failure()).isNull();
        }
    }

    @Test
    void refusesAnAnswerThatIsNotAnEventStream() {
        assertThatThrownBy(() -> SseClient.open(http, URI.create(server.url() + "/read-models/meters/documents"),
                (event, id, data, nanos) -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered 200 application/json");
        assertThatThrownBy(() -> SseClient.open(http, URI.create(server.url() + "/read-models/nothing/changes"),
                (event, id, data, nanos) -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered 404");
    }
}
