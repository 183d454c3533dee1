package dev.readmodel.examples.cli;

import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every projection's state, checkpoint, head, lag, throughput, unfinished rebuild and last error as a
 * table; a projection whose truncate rebuild has not finished is flagged as answering partially.
 */
final class StatusTable {
    private StatusTable() {
    }

    static void print(List<ProjectionStatus> statuses, PrintWriter out) {
        TextTable table = new TextTable("projection", "mode", "state", "checkpoint", "head", "lag events", "lag",
                "events/s", "applied", "retries", "heartbeat", "rebuild", "last error");
        for (ProjectionStatus s : statuses) {
            table.row(s.projection(), s.mode(), s.state(), s.checkpoint(), s.head(), s.lagEvents(), human(s.lag()),
                    s.eventsPerSecond(), s.eventsApplied(), (long) s.retries(),
                    human(Duration.between(s.heartbeat(), Instant.now())) + " ago",
                    s.rebuild().map(RebuildMarker::describe).orElse("-"),
                    s.lastError().map(e -> "[" + e.position() + "] " + e.message()).orElse("-"));
        }
        table.print(out);
        for (ProjectionStatus s : statuses) {
            if (s.partial()) {
                out.println("note: " + s.projection() + " is partly rebuilt: queries on its read models answer from what "
                        + "the rebuild has replayed so far; it resumes when the engine starts");
            }
        }
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return duration.toMillis() < 1000 ? duration.toMillis() + "ms" : seconds + "s";
        }
        if (seconds < 86_400) {
            return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
        }
        return (seconds / 86_400) + "d";
    }
}
