package dev.readmodel.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection LISTENing for new positions and wakes waiting readers. When the connection
 * breaks it reconnects with backoff; readers fall back to polling meanwhile, so a lost notification
 * only delays them by one poll interval.
 */
public final class NotificationListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);

    private final DataSource dataSource;
    private final String channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notified = lock.newCondition();
    private volatile long generation;
    private volatile boolean closed;
    private Thread thread;

    public NotificationListener(DataSource dataSource, String channel) {
        this.dataSource = dataSource;
        this.channel = channel;
    }

    /** Starts the listening thread once. */
    public synchronized void start() {
        if (thread == null && !closed) {
            thread = new Thread(this::listen, "readmodel-postgres-listen");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A counter that grows with every notification; compare before and after waiting. */
    public long generation() {
        return generation;
    }

    /** Waits until a notification newer than {@code seen} arrives, or the timeout passes. */
    public void await(long seen, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (generation == seen && nanos > 0 && !closed) {
                nanos = notified.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private void listen() {
        long backoff = 100;
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + SqlNames.quote(channel));
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                signal(); // a reconnect may have missed notifications
                backoff = 100;
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null && notifications.length > 0) {
                        signal();
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.warn("LISTEN connection on channel [{}] failed; reconnecting in {} ms: {}", channel, backoff,
                            e.getMessage());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
    }

    private void signal() {
        lock.lock();
        try {
            generation++;
            notified.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        signal();
        Thread current = thread;
        if (current != null) {
            try {
                current.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
