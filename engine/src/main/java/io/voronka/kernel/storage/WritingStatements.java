package io.voronka.kernel.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Statements that tell their connection when they may have written: after an update, a batch, or an
 * {@code execute} that answered an update count rather than rows (how MyBatis, and so Flowable,
 * runs every insert, update and delete). A query never counts. {@link H2GroupCommit} needs this to
 * know which commits, and which auto-commit statements, must wait for the file.
 */
final class WritingStatements implements InvocationHandler {

    /** Called on the connection's thread after a statement that may have written has run. */
    @FunctionalInterface
    interface AfterWrite {
        void wrote() throws SQLException;
    }

    private static final Set<String> WRITES = Set.of("executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final Statement statement;
    private final AfterWrite afterWrite;

    private WritingStatements(Statement statement, AfterWrite afterWrite) {
        this.statement = statement;
        this.afterWrite = afterWrite;
    }

    /** {@code statement}, made by a connection's {@code method} (createStatement, prepareStatement or prepareCall). */
    static Statement watch(String method, Statement statement, AfterWrite afterWrite) {
        Class<?> kind = switch (method) {
            case "prepareCall" -> CallableStatement.class;
            case "prepareStatement" -> PreparedStatement.class;
            default -> Statement.class;
        };
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {kind},
                new WritingStatements(statement, afterWrite));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        Object own = WrapperIdentity.answer(proxy, statement, name, args);
        if (own != WrapperIdentity.PASS_ON) {
            return own;
        }
        boolean writes = WRITES.contains(name);
        Object result;
        try {
            result = method.invoke(statement, args);
        } catch (InvocationTargetException e) {
            // A failed batch may have written its first rows, a failed execute may have been an update.
            if (writes || name.equals("execute")) {
                afterWrite.wrote();
            }
            throw e.getCause();
        }
        if (writes || name.equals("execute") && Boolean.FALSE.equals(result)) {
            afterWrite.wrote();
        }
        return result;
    }
}
