package dev.readmodel.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StoreException;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Which ClickHouse failures the engine retries and which stop a projection. */
class ClickHouseCallsTest {
    @Test
    void repliesThatDidNotComeFromRunningTheQueryAreTransient() {
        // 18.16 answers 404 without an error code while it stops; a proxy answers 503
        assertThat(ClickHouseCalls.translate("Inserting", new ServerException(ServerException.CODE_UNKNOWN,
                "<Unreadable error message>", 404, "q1")).isTransient()).isTrue();
        assertThat(ClickHouseCalls.translate("Inserting", new ServerException(210, "Connection refused", 503, "q2"))
                .isTransient()).isTrue();
    }

    @Test
    void aMissingTableIsRecognisedForTheSwapRetryAlsoWhenOnlyTheMessageCarriesItsCodeButIsNotTransient() {
        ReadModelException coded = ClickHouseCalls.translate("Querying read model [orders]", new ServerException(
                ServerException.TABLE_NOT_FOUND, "Table readmodel.orders does not exist", 404, "q4"));
        // 18.16 sends no code header: the client sees CODE_UNKNOWN and the code stands only in the message
        ReadModelException legacy = ClickHouseCalls.translate("Querying read model [orders]", new ServerException(
                ServerException.CODE_UNKNOWN, "Code: 60, e.displayText() = DB::Exception: Table it.orders doesn't exist.",
                404, "q5"));
        assertThat(ClickHouseCalls.isUnknownTable(coded)).isTrue();
        assertThat(ClickHouseCalls.isUnknownTable(legacy)).isTrue();
        assertThat(coded.isTransient()).as("a table missing for longer than a swap faults, never retried without end")
                .isFalse();
        assertThat(legacy.isTransient()).isFalse();
    }

    @Test
    void aMissingTableIsTransientOnlyWhileTheServerHasJustStarted() {
        ReadModelException missing = ClickHouseCalls.translate("Inserting 2 rows of projection [orders]", new ServerException(
                ServerException.CODE_UNKNOWN, "Code: 60, e.displayText() = DB::Exception: Table it.orders doesn't exist.",
                404, "q6"));
        ReadModelException starting = ClickHouseCalls.whileStarting(missing, 3);
        assertThat(starting.isTransient()).as("a restarted 18.16 attaches its tables while it answers").isTrue();
        assertThat(starting.getMessage()).contains("[orders]").contains("started 3 s ago");
        assertThat(ClickHouseCalls.isUnknownTable(starting)).isTrue();
        assertThat(ClickHouseCalls.whileStarting(missing, ClickHouseCalls.STARTING_SECONDS).isTransient())
                .as("missing on a server up for longer: a permanent fault").isFalse();
    }

    @Test
    void aMissingTableIsTransientWhenTheServerNoLongerTakesConnections() throws Exception {
        ReadModelException missing = ClickHouseCalls.translate("Loading 2 documents of read model [orders]",
                new ServerException(ServerException.CODE_UNKNOWN,
                        "Code: 60, e.displayText() = DB::Exception: Table it.orders doesn't exist.", 404, "q7"));
        ReadModelException stopping = ClickHouseCalls.whileStopping(missing);
        assertThat(stopping.isTransient()).as("a stopping 18.16 detaches its tables while it still answers").isTrue();
        assertThat(stopping.getMessage()).contains("[orders]").contains("shutting down");
        assertThat(ClickHouseCalls.isUnknownTable(stopping)).isTrue();

        int port;
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listening.getLocalPort();
            try (Client client = client(port)) {
                assertThat(new ClickHouseCalls(client).acceptsConnections()).as("a port that listens").isTrue();
            }
        }
        try (Client client = client(port)) {
            assertThat(new ClickHouseCalls(client).acceptsConnections()).as("the port closed").isFalse();
        }
    }

    private static Client client(int port) {
        return new Client.Builder().addEndpoint("http://127.0.0.1:" + port).setUsername("default").setPassword("")
                .build();
    }

    @Test
    void queryErrorsArePermanentAndNameWhatFailed() {
        ReadModelException syntax = ClickHouseCalls.translate("Querying read model [orders]",
                new ExecutionException(new ServerException(62, "Syntax error", 400, "q3")));
        assertThat(syntax.isTransient()).isFalse();
        assertThat(syntax.getMessage()).contains("Querying read model [orders]").contains("Syntax error");
    }

    @Test
    void anErrorOf18_16RunningTheQueryIsPermanentThoughTheClientFoundNoCode() {
        // 18.16 sends no X-ClickHouse-Exception-Code header: the code is only in the message
        ReadModelException mismatch = ClickHouseCalls.translate("Querying read model [items]", new ServerException(
                ServerException.CODE_UNKNOWN, "Code: 53, e.displayText() = DB::Exception: Type mismatch in IN or VALUES"
                + " section. Expected: Decimal(38, 6). Got: Decimal128", 500, "q5"));
        assertThat(mismatch.isTransient()).isFalse();
        assertThat(mismatch.getMessage()).contains("Querying read model [items]").contains("Code: 53");
        assertThat(ClickHouseCalls.translate("Querying", new ServerException(ServerException.CODE_UNKNOWN,
                "Code: 241, e.displayText() = DB::Exception: Memory limit (for query) exceeded", 500, "q6")).isTransient())
                .as("a retryable code read from the message").isTrue();
    }

    @Test
    void ourOwnErrorsThrownWhileStreamingRowsComeBackUnchanged() {
        StoreException refused = new StoreException("Field [day] of read model [types] holds [2150-01-01]");
        assertThat(ClickHouseCalls.translate("Inserting", new RuntimeException("client wrapper",
                new UncheckedIOException(new java.io.IOException("stream", refused))))).isSameAs(refused);
    }
}
