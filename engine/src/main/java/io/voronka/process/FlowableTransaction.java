package io.voronka.process;

import java.sql.Connection;
import java.sql.SQLException;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.common.engine.impl.cfg.TransactionState;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.engine.impl.util.CommandContextUtil;

/**
 * The JDBC connection of the Flowable command running on this thread. Writing our tables through
 * it puts them in Flowable's transaction: a deal created by a process step commits or rolls back
 * together with the step.
 *
 * <p>One trap: MyBatis skips the JDBC rollback when Flowable itself wrote nothing yet, and then
 * resets auto-commit on close, which commits whatever we wrote. So the first use in a command
 * registers a listener that rolls the connection back explicitly when the command fails.
 */
public final class FlowableTransaction {

    private static final String GUARD = "voronka.rollbackGuard";

    private FlowableTransaction() {
    }

    public static Connection connection() {
        Connection connection = CommandContextUtil.getDbSqlSession().getSqlSession().getConnection();
        CommandContext command = CommandContextUtil.getCommandContext();
        if (command.getAttribute(GUARD) == null) {
            command.addAttribute(GUARD, Boolean.TRUE);
            Context.getTransactionContext().addTransactionListener(TransactionState.ROLLINGBACK, ctx -> {
                try {
                    connection.rollback();
                } catch (SQLException e) {
                    throw new FlowableException("rollback of Voronka's writes failed", e);
                }
            });
        }
        return connection;
    }
}
