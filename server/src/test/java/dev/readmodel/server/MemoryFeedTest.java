package dev.readmodel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.server.FeedClients.Msg;
import dev.readmodel.server.FeedClients.Sse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The change feeds on the in-memory default, plus a rebuild (cheap here, and it replays every event). */
class MemoryFeedTest extends FeedContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.inMemory();
    }

    @Test
    void feedSettingsAreCheckedWithTheBadValue() {
        assertThatThrownBy(() -> config().feedWindow(0).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("feedWindow [0]");
        assertThatThrownBy(() -> config().maxFeedConnections(0, 1).build()).hasMessageContaining("maxFeedConnections [0]");
        assertThatThrownBy(() -> config().maxFeedConnections(8, -1).build())
                .hasMessageContaining("maxFeedConnectionsPerClient [-1]");
        assertThatThrownBy(() -> config().feedQueueSize(2_000_000).build()).hasMessageContaining("feedQueueSize [2000000]");
        assertThatThrownBy(() -> config().feedIntervals(Duration.ZERO, Duration.ofSeconds(1)).build())
                .hasMessageContaining("feedKeepAlive [PT0S]");
        FeedConfig defaults = config().build().feed();
        assertThat(defaults).isEqualTo(FeedConfig.DEFAULT);
        assertThat(defaults.window()).isEqualTo(10_000);
        assertThat(defaults.maxConnections()).isEqualTo(256);
        assertThat(defaults.maxConnectionsPerClient()).isEqualTo(16);
    }

    @Test
    void aTruncateRebuildIsReplacedAndEarlierPositionsNoLongerResume() throws Exception {
        try (QueryServer server = QueryServer.start(engine, config().build())) {
            long start = ordersCheckpoint();
            String id = orders.place(false, "before rebuild");
            awaitOrders(orders.position(id));
            long before = ordersCheckpoint();
            try (Sse live = FeedClients.sse(server, "/read-models/orders/changes?from=" + start)) {
                Msg commit = live.next(); // the order's commit, replayed
                assertThat(commit.event()).isEqualTo("commit");
                assertThat(commit.data().get("changes").findValuesAsText("id")).containsExactly(id);
                engine.rebuild("orders", RebuildOptions.TRUNCATE);
                Msg replaced = live.until(m -> m.event().equals("replaced"));
                assertThat(replaced.data().get("reason").asText()).isEqualTo("TRUNCATED");
                assertThat(replaced.data().get("readModel").asText()).isEqualTo("orders");
                // the replay's commits follow, from the first order again
                List<String> replayed = new ArrayList<>();
                while (!replayed.contains(id)) {
                    Msg next = live.next();
                    assertThat(next.event()).isEqualTo("commit");
                    replayed.addAll(next.data().get("changes").findValuesAsText("id"));
                }
                assertThat(replayed).contains("o000", "o119");
            }
            awaitOrders(before);
            // a position from before the rebuild cannot tell whether its client saw the replacement
            try (Sse old = FeedClients.sse(server, "/read-models/orders/changes", "Last-Event-ID", Long.toString(before))) {
                Msg reset = old.next();
                assertThat(reset.event()).isEqualTo("reset");
                assertThat(reset.data().get("reason").asText()).isEqualTo("outside-window");
                assertThat(reset.data().get("position").asLong()).isGreaterThan(before);
            }
        }
    }
}
