package dev.readmodel.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.engine.RebuildResult;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rebuilds of a projection with a declared native table end where the live run ended. */
class PostgresNativeRebuildIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static String schema;
    private static PostgresEventStore events;
    private static PostgresReadModelStore store;
    private static final List<SalesByDay.Sale> SALES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        SalesByDay.createTable(schema);
        SALES.addAll(SalesByDay.appendRandom(events, new Random(19), 400));
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    private static ProjectionEngine engine() {
        return ProjectionEngine.builder(events).config(EngineConfig.DEFAULT.withRebuildBatchSize(37)
                        .withBatchSize(50).withPollInterval(Duration.ofMillis(10)))
                .register(SalesByDay.projection("sales", FailurePolicy.DEFAULT, new AtomicBoolean()), store,
                        ProjectionMode.PERSISTENT).build();
    }

    private static void corrupt() throws Exception {
        SalesByDay.sql("UPDATE " + schema + ".sales_by_day SET total = 0, sales = 0");
    }

    @Test
    void truncateAndZeroDowntimeRebuildsEqualTheLiveResultAndTheLiveRunGoesOnInTheSwappedTable() throws Exception {
        try (ProjectionEngine engine = engine()) {
            engine.start();
            assertThat(engine.awaitCaughtUp(WAIT)).isTrue();
            Map<String, String> live = SalesByDay.rows(schema);
            assertThat(live).isEqualTo(SalesByDay.expected(SALES));

            corrupt();
            RebuildResult truncated = engine.rebuild("sales", RebuildOptions.TRUNCATE);
            assertThat(truncated.checkpoint()).isEqualTo(events.head().position());
            assertThat(SalesByDay.rows(schema)).as("truncated with the read models, then replayed").isEqualTo(live);

            corrupt();
            RebuildResult shadow = engine.rebuild("sales", RebuildOptions.ZERO_DOWNTIME);
            assertThat(shadow.cancelled()).isFalse();
            assertThat(SalesByDay.rows(schema)).as("built in the shadow copy, then swapped in").isEqualTo(live);
            assertThat(SalesByDay.exists(schema, "sales_by_day__shadow")).isFalse();
            assertThat(SalesByDay.count(schema, "sales")).isEqualTo(SALES.size());

            SalesByDay.Sale later = new SalesByDay.Sale("later", "2026-11-01", new BigDecimal("1.01"));
            long position = events.append(later.saleId(), ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of("sale.made", later))).lastPosition();
            assertThat(engine.awaitCheckpoint("sales", position, WAIT)).isTrue();
            List<SalesByDay.Sale> all = new ArrayList<>(SALES);
            all.add(later);
            assertThat(SalesByDay.rows(schema)).isEqualTo(SalesByDay.expected(all));

            corrupt();
            engine.rebuild("sales", RebuildOptions.ZERO_DOWNTIME);
            assertThat(SalesByDay.rows(schema)).as("a second shadow rebuild over the swapped-in table")
                    .isEqualTo(SalesByDay.expected(all));
            assertThat(SalesByDay.indexes(schema)).as("named as before the rebuilds")
                    .containsExactly("sales_by_day_pkey", "sales_by_day_sales_idx");
        }
    }
}
