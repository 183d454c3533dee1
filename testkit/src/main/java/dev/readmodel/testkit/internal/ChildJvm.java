package dev.readmodel.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a class's {@code main} in a separate JVM with this JVM's classpath, so that crash tests can
 * kill a real process with SIGKILL ({@link Process#destroyForcibly()}) at any moment. A child ends itself
 * when this JVM ends, however it ends: it watches its standard input, a pipe only this JVM holds open, so
 * a test JVM killed mid-run leaves no worker behind to consume or write on.
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
        command.add(Watched.class.getName());
        command.add(main.getName());
        command.addAll(args);
        File file = log.toFile();
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(file)).start();
    }

    /** The child's entry point: halts the child once its parent's end of standard input closes, and runs the main. */
    public static final class Watched {
        private Watched() {
        }

        /** Runs {@code args[0]}'s main with the other arguments, until it returns or the parent is gone. */
        public static void main(String[] args) throws Throwable {
            Thread watch = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // the parent writes nothing; reading only waits for the end of the pipe
                    }
                } catch (IOException e) {
                    // the pipe broke: the parent is gone as well
                }
                Runtime.getRuntime().halt(143);
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
            Method target = Class.forName(args[0]).getMethod("main", String[].class);
            target.setAccessible(true); // test workers are often package-private classes
            try {
                target.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
