package io.voronka.kernel.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node at a time changes the schema: Flyway, Flowable's tables, entity tables, the utf8mb4
 * conversion, and every later entity change. Two nodes starting together on an empty database
 * would otherwise both create the same tables and one would fail half-way.
 *
 * <p>MariaDB: a named lock ({@code GET_LOCK}) held by a connection of its own, outside the pool, so
 * the schema work itself can use pooled connections; should the holder die, MariaDB frees the lock
 * with its connection. The name carries the database's name, since MariaDB's locks are server-wide.
 * H2 embedded: the database file belongs to one process, so every node sharing it runs in this JVM
 * and a lock per JDBC URL in this JVM is the whole story (H2 over TCP from several processes is not
 * supported for several nodes).
 */
public final class SchemaLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaLock.class);
    private static final Map<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Connection connection;
    private final String name;
    private final ReentrantLock local;
    private boolean held = true;

    private SchemaLock(Connection connection, String name, ReentrantLock local) {
        this.connection = connection;
        this.name = name;
        this.local = local;
    }

    /**
     * Waits up to {@code timeout} for the lock; when it did not come, throws a {@link StorageException}
     * caused by an {@link SQLTransientConnectionException}, which the HTTP edge answers with 503.
     */
    public static SchemaLock acquire(Database database, Duration timeout) {
        if (database.dialect() != SQLDialect.MARIADB) {
            ReentrantLock lock = IN_PROCESS.computeIfAbsent(database.jdbcUrl(), url -> new ReentrantLock(true));
            try {
                if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new StorageException(new SQLTransientConnectionException("the schema lock was not free within " + timeout));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(new SQLException("interrupted while waiting for the schema lock", e));
            }
            return new SchemaLock(null, database.jdbcUrl(), lock);
        }
        Connection connection = null;
        try {
            connection = database.openDedicated();
            String name = lockName(connection);
            long started = System.nanoTime();
            try (PreparedStatement get = connection.prepareStatement("select get_lock(?, ?)")) {
                get.setString(1, name);
                get.setLong(2, Math.max(1, timeout.toSeconds()));
                try (ResultSet rs = get.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != 1) {
                        throw new SQLTransientConnectionException("the schema lock " + name + " was not free within " + timeout);
                    }
                }
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (waited > 1000) {
                LOG.info("waited {} ms for another node's schema work", waited);
            }
            return new SchemaLock(connection, name, null);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StorageException(e);
        }
    }

    /** "voronka.schema." and the database's name, within MariaDB's 64 characters. */
    private static String lockName(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select database()"); ResultSet rs = s.executeQuery()) {
            rs.next();
            String name = "voronka.schema." + rs.getString(1);
            return name.length() <= 64 ? name : name.substring(0, 64);
        }
    }

    @Override
    public void close() {
        if (!held) {
            return;
        }
        held = false;
        if (local != null) {
            local.unlock();
            return;
        }
        try (PreparedStatement release = connection.prepareStatement("select release_lock(?)")) {
            release.setString(1, name);
            release.executeQuery().close();
        } catch (SQLException e) {
            LOG.warn("releasing the schema lock failed; closing its connection frees it: {}", e.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lock goes with the connection either way
            }
        }
    }
}
