package dev.readmodel.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.RunnerState.Phase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunnerStateTest {
    private final RunnerState state = new RunnerState("orders");

    @Test
    void pauseResumeFaultAndRestartFollowTheLegalTransitions() {
        assertThat(state.phase()).isEqualTo(Phase.ACTIVE);
        assertThat(state.move(Phase.ACTIVE, Phase.PAUSED)).isTrue();
        assertThat(state.move(Phase.ACTIVE, Phase.PAUSED)).as("not active any more: nothing changes").isFalse();
        assertThat(state.move(Phase.PAUSED, Phase.ACTIVE)).isTrue();
        state.fault();
        assertThat(state.isFaulted()).isTrue();
        assertThat(state.move(Phase.ACTIVE, Phase.PAUSED)).as("a faulted runner is not paused").isFalse();
        assertThat(state.move(Phase.FAULTED, Phase.ACTIVE)).isTrue();
        assertThat(state.isActive()).isTrue();
    }

    @Test
    void anIllegalTransitionThrowsNamingProjectionFromAndTo() {
        assertThatThrownBy(() -> state.move(Phase.FAULTED, Phase.PAUSED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Runner of projection [orders] cannot go from [FAULTED] to [PAUSED]");
        assertThatThrownBy(() -> state.move(Phase.STOPPED, Phase.ACTIVE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[STOPPED] to [ACTIVE]");
        assertThatThrownBy(() -> state.move(Phase.ACTIVE, Phase.ACTIVE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stoppedIsFinalAndAFaultAfterItChangesNothing() {
        state.move(Phase.ACTIVE, Phase.PAUSED);
        state.stop();
        state.fault();
        state.stop();
        assertThat(state.phase()).isEqualTo(Phase.STOPPED);
        assertThat(state.move(Phase.PAUSED, Phase.ACTIVE)).isFalse();
    }

    @Test
    void aStopWakesASleeperAtOnce() throws Exception {
        CompletableFuture<Boolean> sleeper = CompletableFuture.supplyAsync(() -> state.sleepUnlessStopped(600_000));
        state.stop();
        assertThat(sleeper.get(10, TimeUnit.SECONDS)).as("the sleeper says it is stopping").isTrue();
    }

    @Test
    void aResumeWakesAPausedRunnerAtOnce() throws Exception {
        state.move(Phase.ACTIVE, Phase.PAUSED);
        CompletableFuture<Phase> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                state.awaitChange(Phase.PAUSED, 600_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return state.phase();
        });
        state.move(Phase.PAUSED, Phase.ACTIVE);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(Phase.ACTIVE);
    }

    @Test
    void anInterruptedSleepCountsAsStoppingAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThat(state.sleepUnlessStopped(600_000)).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void pauseAndFaultAreIndependentSoThatNeitherRestartNorResumeUndoesTheOther() {
        RunnerState state = new RunnerState("orders");
        assertThat(state.pause()).isTrue();
        state.fault();
        assertThat(state.isFaulted()).isTrue();
        assertThat(state.clearFault()).as("restart of a paused projection that faulted").isTrue();
        assertThat(state.phase()).as("still paused: the operator paused it").isEqualTo(Phase.PAUSED);

        state.fault();
        assertThat(state.phase()).isEqualTo(Phase.PAUSED_FAULTED);
        assertThat(state.resume()).isTrue();
        assertThat(state.phase()).as("resumed, but the fault stays until restart").isEqualTo(Phase.FAULTED);
        assertThat(state.pause()).as("a faulted projection can be paused").isTrue();
        assertThat(state.clearFault()).isTrue();
        assertThat(state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(state.resume()).isTrue();
        assertThat(state.isActive()).isTrue();
        assertThat(state.resume()).as("nothing to resume").isFalse();
        assertThat(state.clearFault()).as("nothing to restart").isFalse();
    }
}
