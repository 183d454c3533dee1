package dev.readmodel.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StoreException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Which SQL failures the engine retries: found while PostgreSQL restarted under a running engine. */
class JdbcTest {
    /** A data source whose one connection reports {@code closed} and fails every statement with {@code failure}. */
    private static DataSource dataSource(boolean closed) {
        Connection connection = (Connection) Proxy.newProxyInstance(JdbcTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> closed;
                    case "close", "rollback", "setAutoCommit", "commit" -> null;
                    case "getAutoCommit" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (DataSource) Proxy.newProxyInstance(JdbcTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return connection;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anErrorAfterWhichThePoolClosedTheConnectionIsTransient() {
        // HikariCP evicts a connection on a fatal error; later calls fail with no SQLState at all
        for (boolean transaction : new boolean[] {false, true}) {
            Jdbc.SqlWork<Object> work = connection -> {
                throw new SQLException("Connection is closed");
            };
            assertThatThrownBy(() -> run(dataSource(true), transaction, work))
                    .isInstanceOfSatisfying(ReadModelException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("Reading events").hasMessageContaining("connection was lost");
        }
    }

    @Test
    void anErrorOnALiveConnectionIsSortedByItsSqlState() {
        assertThatThrownBy(() -> run(dataSource(false), false, connection -> {
            throw new SQLException("relation \"x\" does not exist", "42P01");
        })).isInstanceOf(StoreException.class).hasMessageContaining("42P01");
        assertThatThrownBy(() -> run(dataSource(false), true, connection -> {
            throw new SQLException("terminating connection due to administrator command", "57P01");
        })).isInstanceOfSatisfying(ReadModelException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void aReadsDescriptionIsWrittenOnlyForItsError() {
        AtomicInteger described = new AtomicInteger();
        Supplier<String> what = () -> "Querying read model [orders] #" + described.incrementAndGet();
        Object answer = Jdbc.withConnection(dataSource(false), what, connection -> "answer");
        assertThat(answer).isEqualTo("answer");
        assertThat(described).hasValue(0);
        assertThatThrownBy(() -> Jdbc.withConnection(dataSource(false), what, connection -> {
            throw new SQLException("relation \"x\" does not exist", "42P01");
        })).isInstanceOf(StoreException.class).hasMessageContaining("Querying read model [orders] #1");
        assertThat(described).hasValue(1);
    }

    private static Object run(DataSource dataSource, boolean transaction, Jdbc.SqlWork<Object> work) {
        return transaction ? Jdbc.inTransaction(dataSource, "Reading events", work)
                : Jdbc.withConnection(dataSource, "Reading events", work);
    }
}
