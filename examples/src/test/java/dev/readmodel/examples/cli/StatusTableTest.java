package dev.readmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.core.status.RebuildMarker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusTableTest {
    private static ProjectionStatus status(String name, Optional<RebuildMarker> rebuild) {
        return new ProjectionStatus(name, ProjectionMode.PERSISTENT, ProjectionState.STARTING, 1_200, 5_000, 3_800,
                Duration.ZERO, 0, 0, 0, Optional.empty(), Instant.now(), rebuild);
    }

    @Test
    void anUnfinishedRebuildIsShownWithHowFarItGotAndWhetherAnswersArePartial() {
        StringWriter text = new StringWriter();
        StatusTable.print(List.of(
                status("order-summary", Optional.of(new RebuildMarker(RebuildMarker.Kind.TRUNCATE, 5_000, 1_200, false))),
                status("product-search", Optional.of(new RebuildMarker(RebuildMarker.Kind.ZERO_DOWNTIME, 5_000, 2_500, false))),
                status("invoice-analytics", Optional.empty())), new PrintWriter(text, true));

        assertThat(text.toString())
                .contains("truncate rebuild interrupted at [1200] of [5000] (24%); answers are partial")
                .contains("zero-downtime rebuild interrupted at [2500] of [5000] (50%); the previous read models serve")
                .contains("note: order-summary is partly rebuilt")
                .doesNotContain("note: product-search")
                .doesNotContain("note: invoice-analytics");
    }
}
