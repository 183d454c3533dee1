package dev.readmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Query;
import dev.readmodel.examples.orders.OrderProjections;
import dev.readmodel.postgres.PostgresConfig;
import dev.readmodel.postgres.PostgresReadModelStore;
import dev.readmodel.postgres.PostgresServer;
import dev.readmodel.testkit.internal.RealServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The demo with {@code --kafka} against the real broker (READMODEL_KAFKA_BOOTSTRAP): the history relayed to a
 * topic of 6 partitions and the stream-keyed projections consumed by two instances each print the same answers
 * as the engine alone over the same history.
 */
class ExamplesKafkaIT {
    @Test
    void theDemoThroughKafkaPrintsTheAnswersOfTheEngine() {
        String bootstrap = RealServer.setting("kafka.bootstrap").orElseGet(() -> RealServer.unavailable(
                "No Kafka broker for ExamplesKafkaIT: set READMODEL_KAFKA_BOOTSTRAP ('scripts/stores.sh up kafka')"));
        String[] memory = {"demo", "--events", "20000", "--live-events", "300", "--postgres-url=", "--clickhouse-url=",
            "--elastic-url="};
        String engine = answers(run(memory));
        String[] kafka = Arrays.copyOf(memory, memory.length + 3);
        kafka[memory.length] = "--kafka";
        kafka[memory.length + 1] = "--kafka-bootstrap=" + bootstrap;
        kafka[memory.length + 2] = "--kafka-instances=2";
        String throughKafka = run(kafka);

        assertThat(answers(throughKafka)).isEqualTo(engine).contains("== Best 5 sales days");
        for (String projection : new String[] {"order-summary", "invoice-analytics", "product-search"}) {
            assertThat(throughKafka).containsPattern(projection + "\\s+readmodel-examples-memory-\\d+\\s+6\\s+2\\s");
        }
    }

    @Test
    void aKafkaRebuildWithNoInstanceRunningEmptiesTheReadModelAndResetsTheCheckpointsAtOnce() {
        String bootstrap = RealServer.setting("kafka.bootstrap").orElseGet(() -> RealServer.unavailable(
                "No Kafka broker for ExamplesKafkaIT: set READMODEL_KAFKA_BOOTSTRAP ('scripts/stores.sh up kafka')"));
        PostgresConfig config = PostgresServer.config();
        String schema = PostgresServer.freshSchema();
        String[] postgres = {"--postgres-url", config.jdbcUrl(), "--postgres-user", config.user(), "--postgres-password",
            config.password(), "--postgres-schema", schema, "--clickhouse-url=", "--elastic-url=", "--kafka",
            "--kafka-bootstrap=" + bootstrap};
        run(concat(new String[] {"demo", "--events", "3000", "--live-events", "100", "--kafka-instances=1"}, postgres));
        PostgresReadModelStore store = new PostgresReadModelStore(PostgresServer.dataSource(), schema);
        ReadModel orders = OrderProjections.ORDER_SUMMARIES;
        assertThat(store.query(orders, Query.all())).isNotEmpty();

        String rebuilt = run(concat(new String[] {"rebuild", "order-summary"}, postgres));
        assertThat(rebuilt).contains("rebuild 1 of order-summary: read models emptied and checkpoints reset; "
                + "no instance runs");
        assertThat(store.query(orders, Query.all())).isEmpty();
        assertThat(run(concat(new String[] {"status"}, postgres))).containsPattern("order-summary\\s+readmodel-examples-"
                + schema + "\\s+6\\s+0\\s+0\\s");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static String answers(String out) {
        return out.substring(0, out.indexOf("== Projections"));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = App.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as(err.toString()).isZero();
        return out.toString();
    }
}
