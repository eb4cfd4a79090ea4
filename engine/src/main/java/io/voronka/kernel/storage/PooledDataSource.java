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
 * only when a statement needs it ({@link DeferredAutoCommit}).
 */
final class PooledDataSource implements DataSource {

    private final HikariDataSource pool;

    PooledDataSource(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Duration wait = ConnectionWait.current();
        if (wait != null && pool.getHikariPoolMXBean() instanceof HikariPool hikari) {
            return DeferredAutoCommit.wrap(hikari.getConnection(wait.toMillis()));
        }
        return DeferredAutoCommit.wrap(pool.getConnection());
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
