package dev.readmodel.postgres;

import static dev.readmodel.testkit.SetBasedCatalog.PRODUCTS;
import static dev.readmodel.testkit.SetBasedCatalog.added;
import static dev.readmodel.testkit.SetBasedCatalog.capped;
import static dev.readmodel.testkit.SetBasedCatalog.renamed;
import static dev.readmodel.testkit.SetBasedCatalog.touched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.error.ProjectionFailedException;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.SetBasedCatalog;
import dev.readmodel.testkit.SetBasedUpdateContract;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresSetBasedUpdateIT extends SetBasedUpdateContract {
    private static String schema;
    private static PostgresReadModelStore store;

    @BeforeAll
    static void start() {
        schema = PostgresServer.freshSchema();
        store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
    }

    @Override
    protected ReadModelStore store() {
        return store;
    }

    /** Inline, the id look-up runs on the append's connection: it sees the append's own earlier batches' rows. */
    @Test
    void anInlineSetBasedWriteCommitsWithTheAppendOrRollsItBack() {
        try (PostgresEventStore events = new PostgresEventStore(PostgresServer.dataSource(), schema);
                ProjectionEngine engine = ProjectionEngine.builder(events)
                        .register(SetBasedCatalog.projection("setbased-inline"), store, ProjectionMode.INLINE).build()) {
            engine.start();
            engine.append("catalog", ExpectedVersion.ANY, List.of(added("i1", "lamps"), added("i2", "lamps"),
                    added("i3", "desks")));
            engine.append("catalog", ExpectedVersion.ANY, List.of(renamed("lamps", "lights"), touched("lights")));
            List<Document> lights = engine.query(PRODUCTS.name(), Query.builder().where(Filter.eq("category", "lights")).build());
            assertThat(lights).extracting(d -> d.string("product_id")).containsExactly("i1", "i2");
            assertThat(lights).allSatisfy(d -> assertThat(d.longValue("touched", -1)).isEqualTo(2));

            List<String> more = List.of("i4", "i5", "i6", "i7");
            engine.append("catalog", ExpectedVersion.ANY, more.stream().map(id -> added(id, "lights")).toList());
            assertThatThrownBy(() -> engine.append("catalog", ExpectedVersion.ANY, List.of(touched("lights"), capped("lights"))))
                    .isInstanceOf(ProjectionFailedException.class).hasMessageContaining("[" + SetBasedCatalog.CAPPED_LIMIT + "]");
            assertThat(events.readStream("catalog")).hasSize(9); // the failing append left nothing
            assertThat(engine.query(PRODUCTS.name(), Query.builder().where(Filter.eq("category", "lights")).build()))
                    .hasSize(6).allSatisfy(d -> assertThat(d.longValue("touched", -1)).isLessThanOrEqualTo(2));
        }
    }
}
