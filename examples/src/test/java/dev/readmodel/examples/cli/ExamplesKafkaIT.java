package dev.readmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
