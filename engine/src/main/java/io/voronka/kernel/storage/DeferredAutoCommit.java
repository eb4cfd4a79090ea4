package io.voronka.kernel.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A pooled connection whose auto-commit mode reaches the database only when a statement needs it.
 *
 * <p>Every transaction used to cost two extra round trips on MariaDB: {@code set autocommit=0} when
 * it began and {@code set autocommit=1} when it ended, before the connection went back to the pool
 * (Connector/J sends each change at once). Most borrowers are transactions (every request's write, every Flowable job), so
 * the connection went back and forth for nothing: 2 of the 14 statements of a lead's create, 6 of the
 * 58 of an async plugin step. Here the mode the caller asked for is remembered and applied to the
 * driver's connection only before the caller prepares a statement, and a connection goes back to
 * the pool in whatever mode it was last in. Consecutive transactions on a connection then send no
 * mode change at all; a change is paid only where a transaction follows auto-commit work or the
 * other way round, never more often than before.
 *
 * <p>JDBC's meaning is kept: {@code setAutoCommit(true)} commits what the transaction did;
 * {@code getAutoCommit} answers the mode asked for; a statement still open from before a change
 * (one a caller might execute again) makes the change reach the driver at once. The mode is changed
 * on the driver's connection beneath the pool's proxy, so the pool neither resets it on return nor
 * rolls back on its own; giving the connection back ends any transaction the borrower left open,
 * as the pool did: rolled back when the borrower was in a transaction, committed when it had asked
 * for auto-commit (work of a statement it executed after switching back). Connector/J sends neither
 * COMMIT nor ROLLBACK when the server says no transaction is open, so that costs nothing.
 *
 * <p>On the embedded database the connection is also where a commit waits for the file
 * ({@link H2GroupCommit}): a commit, or an auto-commit statement that may have written, returns
 * once its work is written.
 */
final class DeferredAutoCommit implements InvocationHandler {

    /** Statements kept to check for still-open ones; beyond this many the closed ones are dropped. */
    private static final int PRUNE_AT = 64;

    private final Connection pooled;
    private final Connection driver;
    /** The embedded database's shared writes, which commits wait for; null on MariaDB or a lazily written H2. */
    private final H2GroupCommit groupCommit;
    private boolean wanted = true;
    /** A statement may have written since the last wait for the file (only counted with a group commit). */
    private boolean written;
    private final List<Statement> statements = new ArrayList<>();

    private DeferredAutoCommit(Connection pooled, Connection driver, H2GroupCommit groupCommit) {
        this.pooled = pooled;
        this.driver = driver;
        this.groupCommit = groupCommit;
    }

    /**
     * {@code pooled}, the pool's proxy of a connection, seen with auto-commit on, as JDBC hands out a
     * connection; with a {@code groupCommit} (not null), each commit returns once it is in the file.
     */
    static Connection wrap(Connection pooled, H2GroupCommit groupCommit) throws SQLException {
        Connection driver;
        try {
            driver = pooled.unwrap(Connection.class);
        } catch (SQLException | RuntimeException e) {
            pooled.close();
            throw e;
        }
        if (groupCommit != null) {
            try {
                groupCommit.holdWrites(driver);
            } catch (SQLException | RuntimeException e) {
                pooled.close();
                throw e;
            }
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new DeferredAutoCommit(pooled, driver, groupCommit));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "setAutoCommit" -> {
                setAutoCommit((Boolean) args[0]);
                return null;
            }
            case "getAutoCommit" -> {
                return wanted;
            }
            case "close" -> {
                close();
                return null;
            }
            case "commit" -> {
                commit();
                return null;
            }
            case "unwrap", "isWrapperFor", "equals", "hashCode" -> {
                return WrapperIdentity.answer(proxy, pooled, name, args);
            }
            case "toString" -> {
                return "deferred auto-commit " + pooled;
            }
            default -> {
                boolean opensStatement = name.equals("createStatement") || name.equals("prepareStatement")
                        || name.equals("prepareCall");
                if (opensStatement || name.equals("setSavepoint")) {
                    apply();
                }
                Object result = call(method, args);
                if (opensStatement) {
                    Statement statement = (Statement) result;
                    if (groupCommit != null) {
                        statement = WritingStatements.watch(name, statement, this::wrote);
                    }
                    remember(statement);
                    return statement;
                }
                return result;
            }
        }
    }

    private void setAutoCommit(boolean on) throws SQLException {
        if (on == wanted) {
            return;
        }
        if (on && !driver.getAutoCommit()) {
            // JDBC: switching auto-commit on commits the transaction in progress.
            commit();
        }
        wanted = on;
        if (anyStatementOpen()) {
            apply();
        }
    }

    /** Brings the driver's connection into the mode the caller asked for, if it is not there yet. */
    private void apply() throws SQLException {
        if (driver.getAutoCommit() != wanted) {
            driver.setAutoCommit(wanted);
        }
    }

    private void commit() throws SQLException {
        boolean wait = groupCommit != null && (written || H2GroupCommit.changing(driver));
        pooled.commit();
        if (wait) {
            awaitWritten();
        }
    }

    /** After a statement that may have written: in auto-commit mode it committed, so it waits for the file now. */
    private void wrote() throws SQLException {
        written = true;
        if (driver.getAutoCommit()) {
            awaitWritten();
        }
    }

    private void awaitWritten() throws SQLException {
        groupCommit.awaitWritten(driver);
        written = false;
    }

    private void close() throws SQLException {
        try {
            if (!pooled.isClosed()) {
                if (!driver.getAutoCommit()) {
                    if (wanted) {
                        commit();
                    } else {
                        pooled.rollback();
                    }
                }
                if (written) {
                    // H2 commits DDL by itself, even in a transaction then rolled back: wait for it
                    // (and, needlessly but rarely, after an ordinary rollback).
                    awaitWritten();
                }
            }
        } finally {
            statements.clear();
            pooled.close();
        }
    }

    private void remember(Statement statement) throws SQLException {
        if (statements.size() >= PRUNE_AT) {
            statements.removeIf(DeferredAutoCommit::closed);
        }
        statements.add(statement);
    }

    private boolean anyStatementOpen() {
        statements.removeIf(DeferredAutoCommit::closed);
        return !statements.isEmpty();
    }

    private static boolean closed(Statement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(pooled, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
