package dev.readmodel.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.query.Query;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application that defines its own event store, on the plain DataSource: its appends commit on their own
 * connections, outside the caller's Spring transaction, so the engine must announce them at once rather than
 * wait for that transaction's commit (which a rollback would never bring).
 */
@SpringBootTest(classes = {TestApp.class, OwnEventStoreIT.OwnStore.class}, properties = {
        "readmodel.projections.inline-tally.mode=INLINE",
        "readmodel.engine.poll-interval=50ms"})
class OwnEventStoreIT {
    private static final String SCHEMA = PostgresServer.freshSchema();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        TestApp.properties(registry, SCHEMA);
    }

    @TestConfiguration
    static class OwnStore {
        @Bean
        PostgresEventStore ownEventStore(DataSource dataSource) {
            return new PostgresEventStore(dataSource, SCHEMA);
        }
    }

    @Autowired
    ProjectionEngine engine;
    @Autowired
    PostgresEventStore events;
    @Autowired
    TestApp.Appender appender;

    @Test
    void anAppendThroughTheApplicationsOwnStoreIsAnnouncedEvenWhenTheCallersTransactionRollsBack()
            throws InterruptedException {
        assertThatThrownBy(() -> appender.appendThenFail("own", 3)).isInstanceOf(IllegalStateException.class);
        // the store committed the append on a connection of its own: the rollback does not reach it
        assertThat(events.readStream("own")).hasSize(3);
        long head = events.head().position();
        assertThat(engine.awaitPosition("inline-tally", head, Duration.ofSeconds(5))).isTrue();
        assertThat(engine.query("inline_tally", Query.all())).singleElement()
                .satisfies(d -> assertThat(d.longValue("applied", -1)).isEqualTo(3));

        // a second append is not held up behind a lock the rolled-back transaction never gave back
        appender.append("own", 1);
        assertThat(engine.awaitPosition("inline-tally", events.head().position(), Duration.ofSeconds(5))).isTrue();
        assertThat(events.readStream("own")).hasSize(4);
    }
}
