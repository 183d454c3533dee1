package dev.readmodel.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The feed's resume window: bounded in messages and in bytes, and exact only above its floor. */
class FeedWindowTest {
    private static FeedMessage commit(long position, int bytes) {
        return new FeedMessage("commit", position, "x".repeat(bytes));
    }

    @Test
    void heavyMessagesShortenTheWindowBeforeItsCountAndTheFloorRisesWithWhatLeaves() {
        FeedWindow window = new FeedWindow(10, 100, 0);
        window.add(commit(1, 40));
        window.add(commit(2, 40));
        assertThat(window.after(0)).hasValueSatisfying(kept -> assertThat(kept).extracting(FeedMessage::position)
                .containsExactly(1L, 2L));
        window.add(commit(3, 40)); // 120 bytes would be too many: the oldest goes
        assertThat(window.floor()).isEqualTo(1);
        assertThat(window.after(0)).as("position 1 is no longer kept").isEmpty();
        assertThat(window.after(1)).hasValueSatisfying(kept -> assertThat(kept).extracting(FeedMessage::position)
                .containsExactly(2L, 3L));
    }

    @Test
    void theMessageCountStillBoundsLightMessagesAndOneHeavierThanTheBudgetIsKeptAlone() {
        FeedWindow window = new FeedWindow(2, 1_000, 0);
        for (long p = 1; p <= 5; p++) {
            window.add(commit(p, 1));
        }
        assertThat(window.after(3)).hasValue(List.of(commit(4, 1), commit(5, 1)));
        window.add(commit(6, 5_000));
        assertThat(window.floor()).isEqualTo(5);
        assertThat(window.after(5)).hasValueSatisfying(kept -> assertThat(kept).extracting(FeedMessage::position)
                .containsExactly(6L));
    }
}
