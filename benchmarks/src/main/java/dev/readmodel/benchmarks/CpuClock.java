package dev.readmodel.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CPU time spent during a run, for figures per operation that a busy shared machine disturbs far less than
 * rates do: this JVM's (clients, server and engine alike), the part of it the client threads spent, and the
 * whole machine's (from {@code /proc/stat}: PostgreSQL included, but also whatever else the machine runs).
 * Thread-safe.
 */
final class CpuClock {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Thread> clients = new CopyOnWriteArrayList<>();
    private final long nanosPerTick = 1_000_000_000L / 100; // USER_HZ, 100 on Linux

    /** Counts {@code thread}'s CPU as the client side's. */
    void client(Thread thread) {
        clients.add(thread);
    }

    /**
     * CPU nanoseconds so far: this JVM, its client threads, the machine (-1 where not available); and the context
     * switches of the machine, each a thread put to sleep or woken (the handing-off between threads costs).
     */
    record Reading(long jvm, long clients, long machine, long switches) {
        /** CPU microseconds per operation between {@code start} and this reading, {@code ops} operations. */
        PerOp since(Reading start, long ops) {
            double n = Math.max(1, ops);
            return new PerOp((jvm - start.jvm) / n / 1_000, (clients - start.clients) / n / 1_000,
                    machine < 0 || start.machine < 0 ? Double.NaN : (machine - start.machine) / n / 1_000,
                    switches < 0 || start.switches < 0 ? Double.NaN : (switches - start.switches) / n);
        }
    }

    /** CPU microseconds per operation: this JVM, its client threads, the machine; and the machine's context switches. */
    record PerOp(double jvm, double clients, double machine, double switches) {
        /** This JVM's CPU beside the client threads': the server and engine threads. */
        double server() {
            return jvm - clients;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "CPU per lookup %.1f µs in this JVM (%.1f clients, %.1f rest),"
                    + " %.1f µs machine-wide, %.1f context switches machine-wide", jvm, clients, server(), machine,
                    switches);
        }
    }

    Reading read() {
        long clientNanos = 0;
        for (Thread thread : clients) {
            long t = threads.getThreadCpuTime(thread.getId());
            clientNanos += Math.max(0, t);
        }
        long busy = -1;
        long switches = -1;
        try {
            List<String> stat = Files.readAllLines(PROC_STAT);
            busy = busy(stat.get(0));
            for (String line : stat) {
                if (line.startsWith("ctxt ")) {
                    switches = Long.parseLong(line.substring(5).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the machine's figures are left out
        }
        return new Reading(os.getProcessCpuTime(), clientNanos, busy, switches);
    }

    /** Busy CPU time of all cores: user, nice, system, irq and softirq of the first line of /proc/stat. */
    private long busy(String cpuLine) {
        String[] cpu = cpuLine.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(cpu.length, 8); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(cpu[i]);
            }
        }
        return busy * nanosPerTick;
    }
}
