package dev.readmodel.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where each reliability drill records what it did, one tab-separated line per fault kind and store, for
 * {@code scripts/reliability.sh} to print as one table: kind, store, faults injected, recoveries, events
 * lost, events applied twice, detail. The file is {@code target/reliability-summary.tsv} of the build's
 * root (the {@code readmodel.reliability.summary} property, which the build sets).
 */
public final class ReliabilitySummary {
    private static final Path FILE = Path.of(System.getProperty("readmodel.reliability.summary", "target/reliability-summary.tsv"));

    private ReliabilitySummary() {
    }

    /**
     * The store as the summary names it: the drills run a second time against the current ClickHouse engine
     * ({@code readmodel.clickhouse.engine=current}), and its lines must not read as 18.16's.
     */
    static String engineOf(String store) {
        return store.equals("clickhouse") && "current".equals(System.getProperty("readmodel.clickhouse.engine"))
                ? "clickhouse-26" : store;
    }

    /** Appends one line: what was injected into which store, how many recovered, and events lost and applied twice. */
    public static synchronized void record(String kind, String store, int faults, int recoveries, long lost, long duplicated,
            String detail) {
        String line = String.join("\t", kind, engineOf(store), Integer.toString(faults), Integer.toString(recoveries),
                Long.toString(lost), Long.toString(duplicated), detail) + "\n";
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
