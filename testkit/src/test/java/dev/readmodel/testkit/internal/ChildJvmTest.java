package dev.readmodel.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildJvmTest {
    /** A child that would run for ever: it says it started, then sleeps. */
    static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("STARTED " + args[0]);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void aChildRunsItsMainWithItsArgumentsAndEndsWhenItsParentsPipeCloses() throws Exception {
        Path log = Files.createTempFile("child-jvm", ".log");
        Process child = ChildJvm.launch(Sleeper.class, List.of("one"), log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(log).contains("STARTED one") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(log)).contains("STARTED one");
            assertThat(child.isAlive()).isTrue();
            // what a parent's death does to the pipe: the child's standard input ends
            child.getOutputStream().close();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(143);
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
