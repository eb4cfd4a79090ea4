package io.voronka.process;

import io.voronka.storage.Database;
import io.voronka.storage.PoolBudget;
import java.util.Map;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * Flowable standalone on our DataSource: same pool, same database, its own tables. Every node runs
 * the async executor; the database's row locks make sure one node runs each job.
 */
public final class ProcessEngineFactory {

    private ProcessEngineFactory() {
    }

    public static ProcessEngine build(Database database, String nodeName, Map<Object, Object> beans, PoolBudget budget) {
        StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
        config.setDataSource(database.dataSource());
        config.setDatabaseSchemaUpdate("true");
        if (database.dialect() != org.jooq.SQLDialect.H2) {
            // MariaDB reports every database as a catalog; without naming ours, Flowable finds its
            // tables in a neighbouring database on the same server and skips creating its own.
            config.setDatabaseCatalog(database.withConnection(java.sql.Connection::getCatalog));
        }
        config.setEngineName("voronka-" + nodeName);
        config.setDisableIdmEngine(true);
        config.setDisableEventRegistry(true);
        config.setBeans(beans);
        config.setAsyncExecutorActivate(true);
        // Plugin steps (and any AsyncStep) wait for their provider outside the job's transaction.
        config.setActivityBehaviorFactory(new AsyncStepBehaviors());
        // Sized with the pool (PoolBudget): each executor thread may hold two connections when a
        // job fails, so the threads can never between them hold the whole pool while waiting.
        config.setAsyncExecutorCorePoolSize(budget.executorThreads());
        config.setAsyncExecutorMaxPoolSize(budget.executorThreads());
        config.setAsyncExecutorThreadPoolQueueSize(budget.executorQueue());
        // Jobs made on this node are handed to its executor at once; this wait only bounds how long
        // a job made elsewhere (or retried) sits before some node picks it up.
        config.setAsyncExecutorDefaultAsyncJobAcquireWaitTime(1000);
        config.setAsyncExecutorDefaultTimerJobAcquireWaitTime(1000);
        config.setAsyncFailedJobWaitTime(2);
        config.setDefaultFailedJobWaitTime(2);
        config.setCreateDiagramOnDeploy(false);
        return config.buildProcessEngine();
    }
}
