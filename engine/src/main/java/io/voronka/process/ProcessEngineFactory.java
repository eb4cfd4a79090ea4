package io.voronka.process;

import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import java.time.Duration;
import io.voronka.kernel.storage.PoolBudget;
import java.util.Map;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * Flowable standalone on our DataSource: same pool, same database, its own tables. Every node runs
 * the async executor; the database's row locks make sure one node runs each job.
 */
public final class ProcessEngineFactory {

    /** How long async job acquisition rests when nothing is due or the queue is nearly full. */
    static final int ASYNC_ACQUIRE_WAIT_MILLIS = 250;

    private ProcessEngineFactory() {
    }

    /**
     * How long a node owns the jobs it acquires, and how often every node frees the jobs of nodes
     * that died holding them; a job of a dead node runs again within lock time plus interval.
     */
    public record JobLocks(Duration lockTime, Duration resetInterval) {
    }

    public static ProcessEngine build(Database database, String nodeName, JobLocks locks, Map<String, Object> beans,
                                      RuleSandbox sandbox, PoolBudget budget) {
        return configure(database, nodeName, locks, beans, sandbox, budget).buildProcessEngine();
    }

    /** The node's engine configuration, not yet built: tests of one BPMN file build it without the executor. */
    public static StandaloneProcessEngineConfiguration configure(Database database, String nodeName, JobLocks locks,
                                                                 Map<String, Object> beans, RuleSandbox sandbox,
                                                                 PoolBudget budget) {
        StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
        config.setDataSource(database.dataSource());
        config.setDatabaseSchemaUpdate("true");
        if (database.dialect() != org.jooq.SQLDialect.H2) {
            // MariaDB reports every database as a catalog; without naming ours, Flowable finds its
            // tables in a neighbouring database on the same server and skips creating its own.
            config.setDatabaseCatalog(database.withConnection(java.sql.Connection::getCatalog));
        }
        // Flowable writes several new rows of a kind (a process's variables) as one multi-row insert
        // by default; MyBatis builds that statement's text anew on every flush, which cost a third of
        // a lead's start on H2. Embedded H2 has no round trip to save, so it gets one prepared insert
        // per row: bare Flowable started 359 leads/s with the multi-row insert and 725/s without
        // (MariaDB, where each insert is a round trip: 417/s with, 335/s without; it keeps it).
        config.setBulkInsertEnabled(database.dialect() != org.jooq.SQLDialect.H2);
        // Each multi-row insert's text is built once per row count, not on every flush (see the class).
        config.addConfigurator(new BulkInsertTemplates());
        config.setEngineName("voronka-" + nodeName);
        config.setDisableIdmEngine(true);
        config.setDisableEventRegistry(true);
        config.setBeans(new java.util.HashMap<>(beans));
        // Every BPMN expression is read by the rule language; JUEL never evaluates anything.
        config.setExpressionManager(new RuleExpressionManager(sandbox, beans));
        config.setAsyncExecutorActivate(true);
        // Plugin steps (and any AsyncStep) wait for their provider outside the job's transaction.
        config.setActivityBehaviorFactory(new AsyncStepBehaviors());
        // An intermediate message throw event delivers its message to the record's other processes.
        config.setPostBpmnParseHandlers(java.util.List.of(new MessageThrow.Parsing()));
        config.setProcessValidator(MessageThrow.validator());
        // Sized with the pool (PoolBudget): each executor thread may hold two connections when a
        // job fails, so the threads can never between them hold the whole pool while waiting.
        config.setAsyncExecutorCorePoolSize(budget.executorThreads());
        config.setAsyncExecutorMaxPoolSize(budget.executorThreads());
        config.setAsyncExecutorThreadPoolQueueSize(budget.executorQueue());
        // A backlog (jobs made elsewhere, retried, or left by a stopped executor) is acquired a page
        // at a time, the next page at once while it fits the queue (see PoolBudget): with Flowable's
        // page of 512 against a queue of 16 per thread, each acquisition came back short and slept
        // the whole wait, so a backlog drained at one queue per second.
        config.setAsyncExecutorMaxAsyncJobsDuePerAcquisition(budget.acquirePage());
        // Jobs made on this node are handed to its executor at once; this wait bounds how long a job
        // made elsewhere (or retried) sits before some node picks it up, and how long acquisition
        // rests when the queue is nearly full (a quarter of it, at least, is still queued then).
        config.setAsyncExecutorDefaultAsyncJobAcquireWaitTime(ASYNC_ACQUIRE_WAIT_MILLIS);
        // Flowable's 5 s after a job was refused by a full queue left the executor idle meanwhile.
        config.setAsyncExecutorDefaultQueueSizeFullWaitTime(ASYNC_ACQUIRE_WAIT_MILLIS);
        config.setAsyncExecutorDefaultTimerJobAcquireWaitTime(1000);
        // Flowable 8 locks an async job for an hour by default: a node killed while holding one left
        // it stuck that long. The lock must still outlast any job, or a second node runs a live one too.
        config.setAsyncExecutorAsyncJobLockTimeInMillis(Math.toIntExact(locks.lockTime().toMillis()));
        config.setAsyncExecutorTimerLockTimeInMillis(Math.toIntExact(locks.lockTime().toMillis()));
        config.setAsyncExecutorResetExpiredJobsInterval(Math.toIntExact(locks.resetInterval().toMillis()));
        config.setAsyncFailedJobWaitTime(2);
        config.setDefaultFailedJobWaitTime(2);
        config.setCreateDiagramOnDeploy(false);
        // Each execution counts its variables, jobs, tasks and subscriptions, so ending one (every
        // plugin step's instance that ends, say) deletes what it counts instead of first asking the
        // database for each kind. Executions made before this was on keep asking (Flowable checks per
        // execution), so it is safe on an existing database.
        config.setEnableExecutionRelationshipCounts(true);
        // A request thread that starts a process never waits for a second connection (see both classes).
        config.setTransactionContextFactory(new RequestSafeTransactions());
        // Built on the configuration the setters above filled, as Flowable would build its own.
        config.setAsyncExecutor(new RequestSafeJobExecutor(config.getAsyncExecutorConfiguration()));
        return config;
    }
}
