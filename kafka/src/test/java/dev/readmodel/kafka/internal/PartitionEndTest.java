package dev.readmodel.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionEndTest {
    @Test
    void aCaughtUpPartitionWhoseLastOffsetIsACommitMarkerIsAtItsEnd() {
        assertThat(PartitionEnd.reached(OptionalLong.of(0))).isTrue();
        assertThat(PartitionEnd.reached(OptionalLong.of(1))).as("the relay's commit marker").isTrue();
    }

    @Test
    void anUnknownLagCountsAsTheEndAndRecordsBehindDoNot() {
        assertThat(PartitionEnd.reached(OptionalLong.empty())).isTrue();
        assertThat(PartitionEnd.reached(OptionalLong.of(2))).isFalse();
        assertThat(PartitionEnd.reached(OptionalLong.of(40))).isFalse();
    }
}
