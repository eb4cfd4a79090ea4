package io.voronka.process;

import java.sql.Connection;
import org.flowable.engine.impl.util.CommandContextUtil;

/**
 * The JDBC connection of the Flowable command running on this thread. Writing our tables through
 * it puts them in Flowable's transaction: a deal created by a process step commits or rolls back
 * together with the step.
 */
final class FlowableTransaction {

    private FlowableTransaction() {
    }

    static Connection connection() {
        return CommandContextUtil.getDbSqlSession().getSqlSession().getConnection();
    }
}
