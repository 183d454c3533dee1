import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.data_formats.ClickHouseBinaryFormatReader;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Checks a ClickHouse HTTP endpoint (the chDB front, or a real server) with the real client-v2, used as
 * the store uses it: RowBinary inserts with named columns (data with blank lines in it), JSONEachRow
 * inserts and reads, server-side parameters, error codes, per-request settings and databases under 16
 * concurrent clients. Run it with ../check.sh.
 */
public class ClientCheck {
    static int failures = 0;
    static void check(boolean ok, String what) { System.out.println((ok ? "ok   " : "FAIL ") + what); if (!ok) failures++; }
    static String text(QueryResponse r) throws Exception { try (InputStream in = r.getInputStream()) { return new String(in.readAllBytes(), StandardCharsets.UTF_8); } }

    static void leb(OutputStream out, int n) throws IOException { while ((n & ~0x7F) != 0) { out.write((n & 0x7F) | 0x80); n >>>= 7; } out.write(n); }
    static void str(OutputStream out, String s) throws IOException { byte[] b = s.getBytes(StandardCharsets.UTF_8); leb(out, b.length); out.write(b); }
    static void u64(OutputStream out, long v) throws IOException { for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)) & 0xFF); }

    public static void main(String[] a) throws Exception {
        String url = a[0];
        Client client = new Client.Builder().addEndpoint(url).setUsername("default").setPassword("")
                .setConnectTimeout(5, ChronoUnit.SECONDS).setSocketTimeout(120, ChronoUnit.SECONDS)
                .setMaxConnections(16).compressServerResponse(false).build();
        check(client.ping(), "ping");
        String v = text(client.query("SELECT version() AS v FORMAT JSONEachRow").get());
        check(v.contains("\"v\":\"26."), "version " + v.trim());
        client.execute("CREATE DATABASE IF NOT EXISTS probe").get().close();
        Client db = new Client.Builder().addEndpoint(url).setUsername("default").setPassword("").setDefaultDatabase("probe")
                .setMaxConnections(16).compressServerResponse(false).build();
        db.execute("DROP TABLE IF EXISTS t").get().close();
        db.execute("CREATE TABLE t (`id` String, `n` UInt64, `projection` String) ENGINE = ReplacingMergeTree(n) ORDER BY id").get().close();
        // RowBinary with named columns, with bytes 0a 0a in the data (chDB cuts inline data there)
        int rows = 50000;
        try (var r = db.insert("t", List.of("`id`", "`n`", "`projection`"), out -> {
            for (int i = 0; i < rows; i++) { str(out, "k" + i); u64(out, i); str(out, "a\n\nb\t'\\\u00e9"); }
        }, ClickHouseFormat.RowBinary, new InsertSettings()).get()) {
            check(r.getWrittenRows() == rows, "RowBinary insert written rows " + r.getWrittenRows());
        }
        String c = text(db.query("SELECT count() AS c, countIf(`projection` = 'a\\n\\nb\\t\\'\\\\\u00e9') AS same FROM t FINAL FORMAT JSONEachRow").get());
        check(c.trim().equals("{\"c\":\"" + rows + "\",\"same\":\"" + rows + "\"}"), "RowBinary read back " + c.trim());
        // JSONEachRow insert
        byte[] json = "{\"id\":\"j1\",\"n\":\"7\",\"projection\":\"x\"}\n{\"id\":\"j2\",\"n\":8,\"projection\":\"y\"}\n".getBytes(StandardCharsets.UTF_8);
        try (var r = db.insert("t", new ByteArrayInputStream(json), ClickHouseFormat.JSONEachRow).get()) {
            check(r.getWrittenRows() == 2, "JSONEachRow insert written rows " + r.getWrittenRows());
        }
        // server-side parameters, with hostile strings
        Map<String, Object> p = new HashMap<>();
        p.put("id", "j1"); p.put("s", "it's a \\ back\tslash\nline");
        try {
            String q = text(db.query("SELECT n, {s:String} AS s FROM t FINAL WHERE id = {id:String} FORMAT JSONEachRow", p).get());
            check(q.trim().equals("{\"n\":\"7\",\"s\":\"it's a \\\\ back\\tslash\\nline\"}"), "params round-trip " + q.trim());
        } catch (ServerException e) {
            // client-v2 0.9.x sends String values unescaped; a server then refuses a raw tab
            check(e.getCode() == 457, "raw String param refused as by a server, " + Client.clientVersion + ": " + e.getMessage().substring(0, 60));
        }
        p.put("s", "it's a \\\\ back\\tslash\\nline"); // escaped as the server reads param values
        String q2 = text(db.query("SELECT {s:String} AS s FORMAT JSONEachRow", p).get());
        check(q2.trim().equals("{\"s\":\"it's a \\\\ back\\tslash\\nline\"}"), "escaped String param round-trips " + q2.trim());
        // reader without FORMAT clause (RowBinaryWithNamesAndTypes, the client's default)
        List<GenericRecord> recs = db.queryAll("SELECT id, n FROM t FINAL WHERE id IN ('j1','j2') ORDER BY id");
        check(recs.size() == 2 && recs.get(1).getLong("n") == 8, "queryAll (RowBinaryWithNamesAndTypes) " + recs.size());
        // errors: code and message
        try { text(db.query("SELECT * FROM nope FORMAT JSONEachRow").get()); check(false, "unknown table"); }
        catch (Exception e) { Throwable t = e instanceof ExecutionException ? e.getCause() : e; check(t instanceof ServerException se && se.getCode() == 60, "unknown table -> " + t); }
        try { db.execute("SELEC 1").get(); check(false, "syntax"); }
        catch (Exception e) { Throwable t = e instanceof ExecutionException ? e.getCause() : e; check(t instanceof ServerException se && se.getCode() == 62 && t.getMessage().contains("Syntax error"), "syntax error -> " + t.getMessage().substring(0, 60)); }
        // settings per request do not leak: a query with max_threads=1, then one without
        var qs = new com.clickhouse.client.api.query.QuerySettings().serverSetting("max_threads", "1");
        String one = text(db.query("SELECT value FROM system.settings WHERE name = 'max_threads' FORMAT TSV", qs).get()).trim();
        String def = text(db.query("SELECT value FROM system.settings WHERE name = 'max_threads' FORMAT TSV").get()).trim();
        check(one.equals("1") && !def.equals("1"), "settings per request: " + one + " then " + def);
        // 64-bit ints quoted, like a server
        check(text(db.query("SELECT toUInt64(1) AS x FORMAT JSONEachRow").get()).contains("\"1\""), "UInt64 quoted in JSON");
        // concurrency: 16 threads of mixed reads and inserts, two databases
        client.execute("CREATE DATABASE IF NOT EXISTS probe2").get().close();
        Client db2 = new Client.Builder().addEndpoint(url).setUsername("default").setPassword("").setDefaultDatabase("probe2")
                .setMaxConnections(16).compressServerResponse(false).build();
        db2.execute("CREATE TABLE IF NOT EXISTS t2 (`x` UInt64) ENGINE = MergeTree ORDER BY x").get().close();
        db2.execute("TRUNCATE TABLE t2").get().close();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger errors = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            final int k = i;
            fs.add(pool.submit(() -> {
                try {
                    if (k % 4 == 0) {
                        try (var r = db2.insert("t2", List.of("`x`"), out -> { for (int j = 0; j < 100; j++) u64(out, k * 1000L + j); }, ClickHouseFormat.RowBinary, new InsertSettings()).get()) { }
                    } else if (k % 4 == 1) {
                        String s = text(db.query("SELECT count() AS c FROM t FINAL FORMAT JSONEachRow").get());
                        if (!s.contains("\"c\":\"" + (rows + 2) + "\"")) { errors.incrementAndGet(); System.out.println("bad " + s); }
                    } else if (k % 4 == 2) {
                        String s = text(db2.query("SELECT currentDatabase() AS d FORMAT JSONEachRow").get());
                        if (!s.contains("probe2")) { errors.incrementAndGet(); System.out.println("bad db " + s); }
                    } else {
                        String s = text(db.query("SELECT currentDatabase() AS d, value FROM system.settings WHERE name='max_threads' FORMAT JSONEachRow", k % 8 == 3 ? qs : new com.clickhouse.client.api.query.QuerySettings()).get());
                        boolean want1 = k % 8 == 3;
                        if (!s.contains("probe\"") || want1 != s.contains("\"value\":\"1\"")) { errors.incrementAndGet(); System.out.println("bad " + s); }
                    }
                } catch (Exception e) { errors.incrementAndGet(); System.out.println("error " + e); }
                return null;
            }));
        }
        for (var f : fs) f.get();
        pool.shutdown();
        String n2 = text(db2.query("SELECT count() AS c FROM t2 FORMAT JSONEachRow").get()).trim();
        check(errors.get() == 0 && n2.equals("{\"c\":\"10000\"}"), "400 concurrent requests on 16 threads, " + errors.get() + " errors, " + n2 + ", " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        // big RowBinary insert timing
        db2.execute("TRUNCATE TABLE t2").get().close();
        long t1 = System.nanoTime();
        try (var r = db2.insert("t2", List.of("`x`"), out -> { byte[] b = new byte[8]; for (long j = 0; j < 1_000_000; j++) u64(out, j); }, ClickHouseFormat.RowBinary, new InsertSettings()).get()) {
            check(r.getWrittenRows() == 1_000_000, "1M-row RowBinary insert in " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        }
        client.close(); db.close(); db2.close();
        System.out.println(failures == 0 ? "ALL OK" : failures + " FAILED");
        System.exit(failures == 0 ? 0 : 1);
    }
}
