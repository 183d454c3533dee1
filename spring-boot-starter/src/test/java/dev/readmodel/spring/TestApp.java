package dev.readmodel.spring;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.upcast.Upcasters;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresServer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.annotation.Transactional;

/** A small application for the ITs: two projections counting events per stream, and a transactional service. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApp {
    static final ReadModel TALLY = ReadModel.named("tally").key("stream").field("applied", FieldType.LONG).build();
    static final ReadModel INLINE_TALLY = ReadModel.named("inline_tally").key("stream")
            .field("applied", FieldType.LONG).build();

    /** Streams whose events the inline projection refuses. */
    static final String REFUSED = "refused-";

    /** A counted event; every application adds one to its stream's document. */
    record Counted(String stream) {
    }

    /** Points the DataSource at the shared PostgreSQL server and the engine at {@code schema}. */
    static void properties(DynamicPropertyRegistry registry, String schema) {
        registry.add("spring.datasource.url", () -> PostgresServer.config().jdbcUrl());
        registry.add("spring.datasource.username", () -> PostgresServer.config().user());
        registry.add("spring.datasource.password", () -> PostgresServer.config().password());
        registry.add("readmodel.postgres.schema", () -> schema);
        registry.add("readmodel.clickhouse.url", () -> ""); // not from the environment's READMODEL_CLICKHOUSE_URL
        registry.add("readmodel.elastic.url", () -> "");
    }

    static List<NewEvent> counted(String stream, int count) {
        return IntStream.range(0, count).mapToObj(i -> NewEvent.of("counted", new Counted(stream))).toList();
    }

    @Bean
    Projection tally() {
        return Projection.named("tally").readModel(TALLY)
                .on("counted", Counted.class, TALLY, Counted::stream,
                        (current, e) -> (current == null ? Document.of("applied", 0L) : current).plus("applied", 1))
                .build();
    }

    @Bean
    Projection inlineTally() {
        return Projection.named("inline-tally").readModel(INLINE_TALLY)
                .on("counted", Counted.class, INLINE_TALLY, Counted::stream, (current, e) -> {
                    if (e.stream().startsWith(REFUSED)) {
                        throw new IllegalArgumentException("stream [" + e.stream() + "] is refused");
                    }
                    return (current == null ? Document.of("applied", 0L) : current).plus("applied", 1);
                })
                .build();
    }

    /** Events once stored as {@code tallied} are {@code counted} now. */
    @Bean
    Upcasters upcasters() {
        return Upcasters.builder().rename("tallied", "counted").build();
    }

    @Bean
    Appender appender(ProjectionEngine engine, PostgresEventStore events) {
        return new Appender(engine, events);
    }

    /** Appends in the caller's Spring transaction. */
    static class Appender {
        private final ProjectionEngine engine;
        private final PostgresEventStore events;

        Appender(ProjectionEngine engine, PostgresEventStore events) {
            this.engine = engine;
            this.events = events;
        }

        /** Appends straight to the event store (no inline projection), then fails if asked to. */
        @Transactional
        public void appendToTheStore(String stream, int count, boolean fail) {
            events.append(stream, ExpectedVersion.ANY, counted(stream, count));
            if (fail) {
                throw new IllegalStateException("the service fails after its append");
            }
        }

        /** Appends and commits. */
        @Transactional
        public void append(String stream, int count) {
            engine.append(stream, ExpectedVersion.ANY, counted(stream, count));
        }

        /**
         * Appends, appends to {@code refused} (which the inline projection refuses: the append fails, and the
         * failure is caught), and appends once more: the failed append undoes only its own work, and the
         * transaction commits the other two.
         */
        @Transactional
        public void appendAroundARefusal(String stream, String refused) {
            engine.append(stream, ExpectedVersion.ANY, counted(stream, 1));
            try {
                engine.append(refused, ExpectedVersion.ANY, counted(refused, 1));
                throw new IllegalStateException("the inline projection should have refused [" + refused + "]");
            } catch (ProjectionFailedException expected) {
                // the caller goes on in the same transaction
            }
            engine.append(stream, ExpectedVersion.ANY, counted(stream, 1));
        }

        /** Appends, counts {@code appended} down, waits for {@code between}, appends again, in one transaction. */
        @Transactional
        public void appendTwice(String stream, CountDownLatch appended, CountDownLatch between)
                throws InterruptedException {
            engine.append(stream, ExpectedVersion.ANY, counted(stream, 1));
            appended.countDown();
            between.await(30, TimeUnit.SECONDS);
            engine.append(stream, ExpectedVersion.ANY, counted(stream, 1));
        }

        /** Appends, then fails: the transaction rolls back. */
        @Transactional
        public void appendThenFail(String stream, int count) {
            engine.append(stream, ExpectedVersion.ANY, counted(stream, count));
            throw new IllegalStateException("the service fails after its append");
        }
    }
}
