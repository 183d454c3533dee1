package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.spi.Interrupts;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Every call to ClickHouse, blocking, with one place that sorts failures into transient (connection
 * lost, timeouts, retryable server codes) and permanent. Queries name their format in the SQL
 * ({@code FORMAT JSONEachRow}) so that 18.16 and current servers answer the same way.
 */
public final class ClickHouseCalls {
    private static final long TIMEOUT_SECONDS = 300;
    /** ClickHouse's UNKNOWN_TABLE. */
    private static final int UNKNOWN_TABLE = ServerException.TABLE_NOT_FOUND;
    private static final int MISSING_TABLE_ATTEMPTS = 6;
    /** How long after its start a server may still be attaching tables (18.16 answers queries meanwhile). */
    static final long STARTING_SECONDS = 120;
    private static final int CONNECT_PROBE_MILLIS = 1_000;

    private final Client client;

    public ClickHouseCalls(Client client) {
        this.client = client;
    }

    /** Runs a statement that returns nothing. */
    public void execute(String sql, String what) {
        try (var response = client.execute(sql).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            response.getReadRows();
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    /** Runs a query without parameters that ends in {@code FORMAT JSONEachRow} and returns its rows. */
    public List<JsonNode> rows(String sql, String what) {
        return rows(sql, Map.of(), what);
    }

    /**
     * Runs a query that ends in {@code FORMAT JSONEachRow} with server-side {@code parameters} (none on
     * 18.16) and returns its rows. A table missing for a moment, as in a swap on a server that cannot
     * swap atomically, is asked again a few times (about a second in all) before the failure is reported;
     * a table missing for longer is a permanent error, never retried without end.
     */
    public List<JsonNode> rows(String sql, Map<String, Object> parameters, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                return rowsOnce(sql, parameters, what);
            } catch (ReadModelException e) {
                if (!isUnknownTable(e) || attempt == MISSING_TABLE_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private List<JsonNode> rowsOnce(String sql, Map<String, Object> parameters, String what) {
        try (QueryResponse response = (parameters.isEmpty() ? client.query(sql) : client.query(sql, parameters))
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                InputStream in = response.getInputStream()) {
            List<JsonNode> rows = new ArrayList<>();
            // nan and inf come back from Float64 sums that overflow; decimals keep every digit
            try (MappingIterator<JsonNode> iterator = Json.mapper().readerFor(JsonNode.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).readValues(in)) {
                while (iterator.hasNext()) {
                    rows.add(iterator.next());
                }
            }
            return rows;
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    /** Inserts JSONEachRow lines into {@code table}. */
    public void insert(String table, byte[] jsonEachRow, String what) {
        try (var response = client.insert(table, new ByteArrayInputStream(jsonEachRow), ClickHouseFormat.JSONEachRow)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            response.getWrittenRows();
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    /** Inserts RowBinary rows of {@code columns} (quoted names, in the rows' order) into {@code table}. */
    public void insertRowBinary(String table, List<String> columns, Consumer<OutputStream> rows, String what) {
        try (var response = client.insert(table, columns, rows::accept, ClickHouseFormat.RowBinary, new InsertSettings())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            response.getWrittenRows();
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    /** The server's version, such as {@code 18.16.1}. */
    public String version() {
        List<JsonNode> rows = rows("SELECT version() AS v FORMAT JSONEachRow", "Reading the server version");
        return rows.isEmpty() ? "" : rows.get(0).path("v").asText();
    }

    /**
     * {@link #translate}, and transient for a missing table on a server that is starting or stopping: a
     * restarted 18.16 answers before it has attached every table, and a stopping one closes its port, then
     * detaches its tables while it still answers the connections it has. A projection must fault on neither.
     */
    private ReadModelException failure(String what, Exception e) {
        ReadModelException translated = translate(what, e);
        if (!isUnknownTable(translated)) {
            return translated;
        }
        if (!acceptsConnections()) {
            return whileStopping(translated);
        }
        long uptime;
        try {
            List<JsonNode> rows = rowsOnce("SELECT uptime() AS `u` FORMAT JSONEachRow", Map.of(), "Reading the server's uptime");
            uptime = rows.isEmpty() ? Long.MAX_VALUE : rows.get(0).path("u").asLong(Long.MAX_VALUE);
        } catch (ReadModelException unknown) {
            uptime = 0; // the server does not answer even this: it is not up yet either
        }
        return whileStarting(translated, uptime);
    }

    /**
     * Whether the server takes a new connection on an endpoint of the client's. A server shutting down
     * closes its port first; behind a proxy that always accepts, the uptime alone decides.
     */
    boolean acceptsConnections() {
        for (String endpoint : client.getEndpoints()) {
            InetSocketAddress address;
            try {
                URI uri = URI.create(endpoint);
                int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                address = new InetSocketAddress(uri.getHost(), port);
            } catch (IllegalArgumentException unreadable) {
                return true; // an address this probe cannot read: the uptime alone decides
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, CONNECT_PROBE_MILLIS);
                return true;
            } catch (IOException refused) {
                // this endpoint does not take connections; another may
            }
        }
        return client.getEndpoints().isEmpty();
    }

    /** A missing-table failure on a server up for {@code uptimeSeconds}: transient while it may still be starting. */
    static ReadModelException whileStarting(ReadModelException missingTable, long uptimeSeconds) {
        if (uptimeSeconds >= STARTING_SECONDS || missingTable.isTransient()) {
            return missingTable;
        }
        return new TransientStoreException(missingTable.getMessage() + " (the server started " + uptimeSeconds
                + " s ago and may still be attaching its tables)", missingTable.getCause());
    }

    /** A missing-table failure on a server that no longer takes connections: it is detaching its tables to stop. */
    static ReadModelException whileStopping(ReadModelException missingTable) {
        return missingTable.isTransient() ? missingTable : new TransientStoreException(missingTable.getMessage()
                + " (the server no longer takes new connections: it is shutting down)", missingTable.getCause());
    }

    static boolean isUnknownTable(ReadModelException e) {
        return e.getCause() instanceof ServerException server && withCode(server).getCode() == UNKNOWN_TABLE;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while waiting for a table being swapped", e);
        }
    }

    private static final java.util.regex.Pattern CODE_IN_MESSAGE = java.util.regex.Pattern.compile("\\bCode: (\\d+)[,.]");

    /**
     * The exception with the server's error code: the client takes it from a header that 18.16 does not
     * send, so there it is read from the message ({@code Code: 53, e.displayText() = ...}). Without this,
     * every 18.16 error while running a query (a type mismatch, a query too large) looked transient.
     */
    static ServerException withCode(ServerException server) {
        if (server.getCode() != ServerException.CODE_UNKNOWN || server.getMessage() == null) {
            return server;
        }
        java.util.regex.Matcher code = CODE_IN_MESSAGE.matcher(server.getMessage());
        return code.find() ? new ServerException(Integer.parseInt(code.group(1)), server.getMessage(),
                server.getTransportProtocolCode(), server.getQueryId()) : server;
    }

    static ReadModelException translate(String what, Exception failure) {
        Throwable e = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ReadModelException known) {
                return known; // ours, such as a value the column cannot hold, thrown while streaming rows
            }
        }
        String message = what + " failed on ClickHouse: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        if (Interrupts.causedBy(e)) {
            return Interrupts.cancelled(message, e);
        }
        if (e instanceof ServerException server) {
            // no ClickHouse error code means the reply did not come from running the query: a server that
            // is stopping or starting (18.16 answers 404 then), or a proxy in front of it
            ServerException coded = withCode(server);
            boolean transientFailure = coded.isRetryable() || coded.getCode() == ServerException.CODE_UNKNOWN
                    || server.getTransportProtocolCode() >= 502 && server.getTransportProtocolCode() <= 504;
            return transientFailure ? new TransientStoreException(message, e) : new StoreException(message, e);
        }
        if (e instanceof TimeoutException || e instanceof IOException || e.getCause() instanceof IOException
                || e instanceof com.clickhouse.client.api.ConnectionInitiationException
                || e instanceof com.clickhouse.client.api.DataTransferException) {
            return new TransientStoreException(message, e);
        }
        return new StoreException(message, e);
    }
}
