package io.voronka.kernel.storage;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as everyone (Flowable included) sees it: a connection request waits as long as the
 * calling thread's {@link ConnectionWait} allows, so an HTTP request gives up after two seconds
 * while the job executor waits the pool's full timeout. Each connection changes its auto-commit mode
 * only when a statement needs it ({@link DeferredAutoCommit}); on the embedded database each commit
 * returns once it is in the file, written together with the commits beside it ({@link H2GroupCommit}).
 */
final class PooledDataSource implements DataSource {

    private final HikariDataSource pool;
    private final H2GroupCommit groupCommit;

    /** {@code groupCommit}: the embedded database's shared writes, which each commit waits for; null if none. */
    PooledDataSource(HikariDataSource pool, H2GroupCommit groupCommit) {
        this.pool = pool;
        this.groupCommit = groupCommit;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Duration wait = ConnectionWait.current();
        if (wait != null && pool.getHikariPoolMXBean() instanceof HikariPool hikari) {
            return DeferredAutoCommit.wrap(hikari.getConnection(wait.toMillis()), groupCommit);
        }
        return DeferredAutoCommit.wrap(pool.getConnection(), groupCommit);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool has one set of credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(pool) || pool.isWrapperFor(type);
    }
}
