package dev.readmodel.examples.cli;

import dev.readmodel.core.engine.ReplayResult;
import dev.readmodel.core.status.DeadLetter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists, or replays, the events a projection parked. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, description = "List a projection's parked events, or replay them.")
final class DeadLettersCommand implements Callable<Integer> {
    @Mixin
    private Options options;

    @Parameters(paramLabel = "PROJECTION", description = "The projection.")
    private String projection;

    @Option(names = "--replay", description = "Apply the parked events again (after a fix); those that succeed are removed.")
    private boolean replay;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.open(options, false, spec.commandLine().getErr())) {
            List<DeadLetter> letters = session.engine.deadLetters(projection);
            if (replay) {
                ReplayResult result = session.engine.replayDeadLetters(projection);
                out.println("replayed " + result.replayed() + ", still failing " + result.stillFailing().size());
                letters = result.stillFailing();
            }
            TextTable table = new TextTable("position", "type", "stream", "attempts", "parked at", "error");
            letters.forEach(l -> table.row(l.event().position(), l.event().type(), l.event().streamId(),
                    (long) l.attempts(), l.parkedAt(), l.error()));
            table.print(out);
            out.println(letters.size() + " parked events");
        }
        return 0;
    }
}
