package dev.readmodel.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.error.CancelledException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class InterruptsTest {
    @Test
    void anInterruptAnywhereInTheCausesIsAnInterrupt() {
        // as HikariCP reports an interrupted wait for a connection
        assertThat(Interrupts.causedBy(new SQLException("Interrupted during connection acquisition", new InterruptedException()))).isTrue();
        assertThat(Interrupts.causedBy(new RuntimeException("waiting", new InterruptedIOException()))).isTrue();
        assertThat(Interrupts.causedBy(new IOException(new ClosedByInterruptException()))).isTrue();
    }

    @Test
    void aTimeoutOrAnotherFailureIsNot() {
        assertThat(Interrupts.causedBy(new SocketTimeoutException("Read timed out"))).isFalse();
        assertThat(Interrupts.causedBy(new IOException("Connection refused"))).isFalse();
        assertThat(Interrupts.causedBy(new SQLException("syntax error", "42601"))).isFalse();
    }

    @Test
    void theCancellationKeepsItsCauseAndSetsTheInterruptFlagAgain() {
        InterruptedException interrupt = new InterruptedException();
        try {
            CancelledException cancelled = Interrupts.cancelled("Loading [orders] was interrupted", interrupt);
            assertThat(cancelled).hasMessage("Loading [orders] was interrupted").hasCause(interrupt);
            assertThat(cancelled.isTransient()).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
