package dev.readmodel.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class's {@code main} in a separate JVM with this JVM's classpath, so that crash tests can
 * kill a real process with SIGKILL ({@link Process#destroyForcibly()}) at any moment.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Launches {@code main} with {@code args}; its output goes to {@code log}.
     *
     * @throws IOException when the JVM cannot be started
     */
    public static Process launch(Class<?> main, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        File file = log.toFile();
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(file)).start();
    }
}
