package dev.readmodel.benchmarks;

import dev.readmodel.postgres.PostgresConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A rebuild of N events (5M by default) in a JVM of its own with a 512 MB heap: the history is generated
 * as it is read and the engine must stream it, so the heap holds batches and the document cache, never
 * the history. Prints the peak heap the JVM saw.
 */
final class MemoryBenchmark {
    static final int HEAP_MB = 512;

    private final PostgresConfig config;
    private final long events;
    private final PrintStream log;

    MemoryBenchmark(PostgresConfig config, long events, PrintStream log) {
        this.config = config;
        this.events = events;
        this.log = log;
    }

    List<Result> run() throws Exception {
        Path output = Files.createTempFile("readmodel-memory", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-cp", System.getProperty("java.class.path"), MemoryWorker.class.getName(),
                Long.toString(events), config.jdbcUrl(), config.user(), config.password()));
        log.printf("memory: rebuilding %,d generated events in a %d MB heap...%n", events, HEAP_MB);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(30, TimeUnit.MINUTES);
        String result = lastResult(output);
        if (!exited || process.exitValue() != 0 || result == null) {
            process.destroyForcibly();
            return List.of(new Result("memory: rebuild in " + HEAP_MB + " MB heap", events, "failed", HEAP_MB + " MB max heap",
                    Double.NaN, "completes", false, "the rebuild did not complete; its output is in " + output));
        }
        String[] fields = result.split(" ");
        long applied = Long.parseLong(fields[1]);
        double rate = Double.parseDouble(fields[2]);
        long peak = Long.parseLong(fields[3]);
        long live = Long.parseLong(fields[4]);
        long max = Long.parseLong(fields[5]);
        log.printf(Locale.ROOT, "memory: %,d events at %,.0f events/s, peak heap %d MB, live after GC %d MB, max %d MB%n",
                applied, rate, peak, live, max);
        return List.of(new Result("memory: rebuild in " + HEAP_MB + " MB heap (postgres)", applied,
                String.format(Locale.ROOT, "peak heap %d MB", peak), max + " MB max heap", Double.NaN, "completes",
                true, String.format(Locale.ROOT, "rebuild of %,d generated order events (read as generated, never held) into "
                        + "PostgreSQL order summaries at %,.0f events/s in a JVM started with -Xmx%dm; peak is the most heap in "
                        + "use in samples every 20 ms, %d MB were live after the last collection", applied, rate, HEAP_MB, live)));
    }

    private static String lastResult(Path output) throws IOException {
        String last = null;
        for (String line : Files.readAllLines(output)) {
            if (line.startsWith("RESULT ")) {
                last = line;
            }
        }
        return last;
    }
}
