package dev.readmodel.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionRecoveryTest {
    private static final TopicPartition P = new TopicPartition("t", 0);
    private static final TopicPartition Q = new TopicPartition("t", 1);

    private final PartitionRecovery recovery = new PartitionRecovery(Duration.ofMillis(100));

    @Test
    void theNextCommitMustFindWhatWasSoughtAndThenWhatWasCommitted() {
        assertThat(recovery.expected(P)).isEmpty();
        recovery.sought(P, 40);
        assertThat(recovery.expected(P)).hasValue(40);
        recovery.committed(P, 75);
        assertThat(recovery.expected(P)).hasValue(75);
        recovery.forget(P);
        assertThat(recovery.expected(P)).isEmpty();
    }

    @Test
    void failuresInARowDoubleTheBackoffUpTo30SecondsAndACommitEndsThem() {
        assertThat(recovery.failed(P, 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(recovery.failed(P, 0)).isEqualTo(Duration.ofMillis(200));
        assertThat(recovery.failed(P, 0)).isEqualTo(Duration.ofMillis(400));
        for (int i = 0; i < 30; i++) {
            recovery.failed(P, 0);
        }
        assertThat(recovery.failed(P, 0)).isEqualTo(Duration.ofSeconds(30));
        recovery.committed(P, 1);
        assertThat(recovery.failed(P, 0)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aFailedPartitionIsDueOnceItsBackoffHasPassedAndNotAfterItIsSought() {
        recovery.failed(P, 1_000);
        recovery.failed(Q, 1_000);
        recovery.failed(Q, 1_000);
        assertThat(recovery.due(1_099)).isEmpty();
        assertThat(recovery.due(1_100)).containsExactly(P);
        assertThat(recovery.due(1_200)).containsExactlyInAnyOrder(P, Q);
        recovery.sought(P, 0);
        assertThat(recovery.due(5_000)).containsExactly(Q);
    }

    @Test
    void handlerFailuresCountPerRecordAndStartAgainOnAnotherRecord() {
        assertThat(recovery.handlerFailed(P, 7)).isEqualTo(1);
        assertThat(recovery.handlerFailed(P, 7)).isEqualTo(2);
        assertThat(recovery.handlerFailed(Q, 7)).isEqualTo(1);
        assertThat(recovery.handlerFailed(P, 9)).isEqualTo(1);
        recovery.committed(P, 10);
        assertThat(recovery.handlerFailed(P, 12)).isEqualTo(1);
    }

    @Test
    void aParkedRecordIsSkippedUntilABatchCommitsPastIt() {
        recovery.handlerFailed(P, 7);
        recovery.park(P, 7);
        assertThat(recovery.isParked(P, 7)).isTrue();
        assertThat(recovery.isParked(Q, 7)).isFalse();
        assertThat(recovery.handlerFailed(P, 7)).isEqualTo(1);
        recovery.committed(P, 7);
        assertThat(recovery.isParked(P, 7)).isTrue();
        recovery.committed(P, 8);
        assertThat(recovery.isParked(P, 7)).isFalse();
    }
}
