package dev.readmodel.examples.cli;

import dev.readmodel.core.error.CancelledException;
import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.InvalidQueryException;
import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StateException;
import dev.readmodel.core.error.TransientException;
import dev.readmodel.core.error.UnknownProjectionException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The examples application and operator CLI. Exit codes: 0 success, 1 failure, 2 bad usage or
 * configuration, 3 unknown projection or read model, 4 store unreachable or busy (any transient failure:
 * try again), 5 invalid query, 6 not possible in the current state (already rebuilding, run by another
 * instance), 130 cancelled. The codes follow {@link ReadModelException}'s branches.
 */
@Command(name = "readmodel-examples", mixinStandardHelpOptions = true, version = "readmodel examples 0.1.0",
        description = "Invoice analytics, product search and order summaries over a generated history; operator commands.",
        subcommands = {DemoCommand.class, StatusCommand.class, RebuildCommand.class, QueryCommand.class,
            SearchCommand.class, DeadLettersCommand.class, ServeCommand.class})
public final class App {
    static final int UNKNOWN = 3;
    static final int UNREACHABLE = 4;
    static final int INVALID_QUERY = 5;
    static final int STATE = 6;
    static final int CANCELLED = 130;

    private App() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the exception handler that maps failures to exit codes; for embedding and tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new App());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            if (!(e instanceof ReadModelException)) {
                e.printStackTrace(cmd.getErr());
            }
            return exitCode(e);
        });
        return commandLine;
    }

    static int exitCode(Exception e) {
        if (e instanceof UnknownProjectionException) {
            return UNKNOWN;
        }
        if (e instanceof TransientException) {
            return UNREACHABLE;
        }
        if (e instanceof InvalidQueryException) {
            return INVALID_QUERY;
        }
        if (e instanceof ConfigurationException) {
            return CommandLine.ExitCode.USAGE;
        }
        if (e instanceof CancelledException) {
            return CANCELLED;
        }
        if (e instanceof StateException) {
            return STATE;
        }
        return CommandLine.ExitCode.SOFTWARE;
    }
}
