package dev.readmodel.postgres.sql;

import static dev.readmodel.postgres.sql.SalesByDay.SALES;
import static dev.readmodel.postgres.sql.SalesByDay.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.engine.RebuildOptions;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.status.ProjectionError;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.core.status.ProjectionStatus;
import dev.readmodel.postgres.PostgresEventStore;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgresWork runs in the batch's transaction: with the documents and the checkpoint, or not at all. */
class PostgresNativeWorkIT {
    private static final EngineConfig FAST = EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(10))
            .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(4));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AtomicBoolean crash = new AtomicBoolean();
    private String schema;
    private PostgresEventStore events;
    private PostgresReadModelStore store;

    @BeforeEach
    void freshSchema() throws Exception {
        schema = PostgresServer.freshSchema();
        events = new PostgresEventStore(PostgresServer.dataSource(), schema);
        store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        SalesByDay.createTable(schema);
    }

    @AfterEach
    void close() {
        events.close();
    }

    private ProjectionEngine engine(FailurePolicy policy, ProjectionMode mode) {
        return ProjectionEngine.builder(events).config(FAST)
                .register(SalesByDay.projection("sales", policy, crash), store, mode).build();
    }

    private void append(NewEvent... appended) {
        for (NewEvent event : appended) {
            events.append("s", ExpectedVersion.ANY, List.of(event));
        }
    }

    private List<String> saleIds(ProjectionEngine engine) {
        return engine.query(SALES.name(), Query.all()).stream().map(d -> d.string("sale_id")).sorted().toList();
    }

    @Test
    void nativeSqlCommitsWithTheDocumentsAndTheCheckpointInCatchUpAndLive() throws Exception {
        append(sale("a", "d1", "10.50"), sale("b", "d1", "2.25"), sale("c", "d2", "1"));
        try (ProjectionEngine engine = engine(FailurePolicy.DEFAULT, ProjectionMode.PERSISTENT)) {
            engine.start();
            assertThat(engine.awaitCheckpoint("sales", 3, WAIT)).isTrue();
            assertThat(SalesByDay.rows(schema)).isEqualTo(Map.of("d1", "12.75/2", "d2", "1/1"));
            append(sale("d", "d2", "4"));
            assertThat(engine.awaitCheckpoint("sales", 4, WAIT)).isTrue();
            assertThat(SalesByDay.rows(schema)).isEqualTo(Map.of("d1", "12.75/2", "d2", "5/2"));
            assertThat(saleIds(engine)).containsExactly("a", "b", "c", "d");
            assertThat(store.checkpoint("sales")).isEqualTo(4);
        }
    }

    @Test
    void aFailingStatementRollsBackTheBatchsDocumentsNativeRowsAndCheckpoint() throws Exception {
        append(sale("bad", "d1", "-5"), sale("b", "d1", "3"));
        try (ProjectionEngine engine = engine(FailurePolicy.fail(1), ProjectionMode.PERSISTENT)) {
            engine.start();
            ProjectionStatus status = await(engine, ProjectionState.FAULTED);
            ProjectionError error = status.lastError().orElseThrow();
            assertThat(error.position()).isEqualTo(1);
            assertThat(error.message()).contains("[sales]").contains("[1]").contains("sales_by_day_total_check");
            assertThat(status.checkpoint()).isZero();
            assertThat(store.checkpoint("sales")).isZero();
            assertThat(saleIds(engine)).as("the batch's document writes ran before the SQL failed").isEmpty();
            assertThat(SalesByDay.rows(schema)).isEmpty();
        }
    }

    @Test
    void aHandlerCannotCommitTheBatchsTransactionThroughItsConnection() throws Exception {
        append(sale("a", "d1", "1"));
        Projection committing = Projection.named("sales").readModel(SALES).onFailure(FailurePolicy.fail(0))
                .nativeWork(PostgresWork.class, SalesByDay.TABLE)
                .on("sale.made", SalesByDay.Sale.class, (e, context) -> {
                    context.put(SALES, e.saleId(), Document.of("day", e.day(), "amount", e.amount()));
                    context.nativeWork(PostgresWork.class, sql -> sql.connection().commit());
                })
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(committing, store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            ProjectionStatus status = await(engine, ProjectionState.FAULTED);
            assertThat(status.lastError().orElseThrow().message()).contains("[sales]", "commit()");
            assertThat(store.checkpoint("sales")).isZero();
            assertThat(saleIds(engine)).as("the documents written before the SQL are not committed by it").isEmpty();
        }
    }

    @Test
    void aFailingLaterHandlerLeavesNothingOfTheBatchAndTheEventsBeforeItCommitOnce() throws Exception {
        append(sale("a", "d1", "1"), sale("b", "d1", "2"), NewEvent.of("sale.poison", new SalesByDay.Poison("p")),
                sale("c", "d1", "4"));
        try (ProjectionEngine engine = engine(FailurePolicy.fail(1), ProjectionMode.PERSISTENT)) {
            engine.start();
            ProjectionStatus status = await(engine, ProjectionState.FAULTED);
            assertThat(status.lastError().orElseThrow().position()).isEqualTo(3);
            assertThat(store.checkpoint("sales")).isEqualTo(2);
            assertThat(SalesByDay.rows(schema)).as("a and b once, c not").isEqualTo(Map.of("d1", "3/2"));
            assertThat(saleIds(engine)).containsExactly("a", "b");
        }
    }

    @Test
    void underTheDeadLetterPolicyTheEventWhoseSqlFailsIsParkedTheRestAppliedAndAReplayRunsItsSql() throws Exception {
        append(sale("a", "d1", "1"), sale("bad", "d1", "-100"), sale("c", "d2", "4"));
        try (ProjectionEngine engine = engine(FailurePolicy.deadLetter(1), ProjectionMode.PERSISTENT)) {
            engine.start();
            assertThat(engine.awaitCheckpoint("sales", 3, WAIT)).isTrue();
            assertThat(SalesByDay.rows(schema)).isEqualTo(Map.of("d1", "1/1", "d2", "4/1"));
            assertThat(saleIds(engine)).containsExactly("a", "c");
            assertThat(engine.deadLetters("sales")).singleElement()
                    .satisfies(d -> assertThat(d.event().position()).isEqualTo(2));

            // once the table takes it, the replay runs the parked event's SQL, once, with its document
            SalesByDay.sql("ALTER TABLE " + schema + ".sales_by_day DROP CONSTRAINT sales_by_day_total_check");
            assertThat(engine.replayDeadLetters("sales").replayed()).isEqualTo(1);
            assertThat(SalesByDay.rows(schema)).isEqualTo(Map.of("d1", "-99/2", "d2", "4/1"));
            assertThat(saleIds(engine)).containsExactly("a", "bad", "c");
            assertThat(store.checkpoint("sales")).isEqualTo(3);
        }
    }

    @Test
    void aCrashAfterTheNativeSqlBeforeTheCommitIsAppliedExactlyOnceAfterARestart() throws Exception {
        append(sale("a", "d1", "1"), sale("b", "d1", "2"), sale("c", "d2", "4"));
        crash.set(true);
        try (ProjectionEngine engine = engine(FailurePolicy.DEFAULT, ProjectionMode.PERSISTENT)) {
            engine.start();
            ProjectionStatus status = await(engine, ProjectionState.FAULTED);
            assertThat(status.lastError().orElseThrow().message()).contains("simulated crash");
            assertThat(crash.get()).isFalse();
            assertThat(store.checkpoint("sales")).isZero();
            assertThat(SalesByDay.rows(schema)).isEmpty();
        }
        try (ProjectionEngine engine = engine(FailurePolicy.DEFAULT, ProjectionMode.PERSISTENT)) {
            engine.start();
            assertThat(engine.awaitCheckpoint("sales", 3, WAIT)).isTrue();
            assertThat(SalesByDay.rows(schema)).isEqualTo(Map.of("d1", "3/2", "d2", "4/1"));
            assertThat(saleIds(engine)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void inlineTheSqlCommitsWithTheAppendAndAFailingStatementLeavesNoEvents() throws Exception {
        try (ProjectionEngine engine = engine(FailurePolicy.DEFAULT, ProjectionMode.INLINE)) {
            engine.start();
            long position = engine.append("s-1", ExpectedVersion.NO_STREAM, List.of(sale("a", "d1", "7"))).lastPosition();
            assertThat(SalesByDay.rows(schema)).as("visible once the append returns").isEqualTo(Map.of("d1", "7/1"));

            assertThatThrownBy(() -> engine.append("s-2", ExpectedVersion.NO_STREAM,
                    List.of(sale("b", "d1", "1"), sale("bad", "d1", "-50"))))
                    .isInstanceOf(ProjectionFailedException.class).hasMessageContaining("[sales]")
                    .hasMessageContaining("[" + (position + 2) + "]");
            assertThat(events.readStream("s-2")).isEmpty();
            assertThat(SalesByDay.rows(schema)).isEqualTo(Map.of("d1", "7/1"));
            assertThat(saleIds(engine)).containsExactly("a");
            assertThat(store.checkpoint("sales")).isEqualTo(position);
        }
    }

    @Test
    void aStoreRefusesMissingTablesAtStartAndAShadowRebuildWithoutDeclaredTables() throws Exception {
        Projection missing = Projection.named("missing").readModel(SALES).nativeWork(PostgresWork.class, "no_such_table")
                .on("sale.made", SalesByDay.Sale.class, (e, context) -> { })
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events)
                .register(missing, store, ProjectionMode.PERSISTENT).build()) {
            assertThatThrownBy(engine::start).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("[missing]").hasMessageContaining("[no_such_table]");
        }
        append(sale("a", "d1", "1"));
        Projection undeclared = Projection.named("undeclared").readModel(SALES).nativeWork(PostgresWork.class)
                .on("sale.made", SalesByDay.Sale.class, (e, context) -> context.nativeWork(PostgresWork.class,
                        sql -> sql.update("INSERT INTO " + schema + ".sales_by_day VALUES (?, 1, 1)", e.saleId())))
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(undeclared, store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCheckpoint("undeclared", 1, WAIT)).isTrue();
            assertThatThrownBy(() -> engine.rebuild("undeclared", RebuildOptions.ZERO_DOWNTIME))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("[undeclared]")
                    .hasMessageContaining("without tables");
            assertThat(SalesByDay.rows(schema)).as("the live table is untouched").isEqualTo(Map.of("a", "1/1"));
        }
    }

    @Test
    void aZeroDowntimeRebuildOfATableWithASerialColumnIsRefusedBeforeItStarts() throws Exception {
        SalesByDay.sql("CREATE TABLE " + schema + ".sale_log (id bigserial PRIMARY KEY, sale_id text NOT NULL)");
        append(sale("a", "d1", "1"));
        Projection logged = Projection.named("logged").readModel(SALES).nativeWork(PostgresWork.class, "sale_log")
                .on("sale.made", SalesByDay.Sale.class, (e, context) -> context.nativeWork(PostgresWork.class,
                        sql -> sql.update("INSERT INTO " + sql.table("sale_log") + " (sale_id) VALUES (?)", e.saleId())))
                .build();
        try (ProjectionEngine engine = ProjectionEngine.builder(events).config(FAST)
                .register(logged, store, ProjectionMode.PERSISTENT).build()) {
            engine.start();
            assertThat(engine.awaitCheckpoint("logged", 1, WAIT)).isTrue();
            assertThatThrownBy(() -> engine.rebuild("logged", RebuildOptions.ZERO_DOWNTIME))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("[logged]")
                    .hasMessageContaining("[sale_log]").hasMessageContaining("[id]").hasMessageContaining("IDENTITY");
            engine.rebuild("logged", RebuildOptions.TRUNCATE);
            assertThat(engine.awaitCheckpoint("logged", 1, WAIT)).isTrue();
        }
    }

    private static ProjectionStatus await(ProjectionEngine engine, ProjectionState state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.status("sales").state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + state + " but was " + engine.status("sales"));
            }
            Thread.sleep(5);
        }
        return engine.status("sales");
    }
}
