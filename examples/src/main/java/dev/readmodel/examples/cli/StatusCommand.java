package dev.readmodel.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Every projection's status. In memory it first projects a freshly generated history. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Every projection's state, checkpoint, head, lag (events and time), throughput and last error; "
                + "with --kafka, every projection's partitions on the topic.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    private Options options;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Session session = Session.open(options, false, spec.commandLine().getErr())) {
            if (options.kafka()) {
                // from any process: the checkpoints in the stores beside the topic's end offsets and owners
                KafkaRun.print(KafkaRun.statusOf(options, session.backends), spec.commandLine().getOut());
                return 0;
            }
            if (!session.backends.persistent) {
                session.catchUp();
            }
            StatusTable.print(session.engine.status(), spec.commandLine().getOut());
        }
        return 0;
    }
}
