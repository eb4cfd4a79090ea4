package io.voronka.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.UUID;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.delegate.TaskListener;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * The baseline: Flowable alone, configured as Voronka configures it, on its own pool of the same
 * size, starting lead-intake with the same variables straight through RuntimeService.
 */
final class BareFlowableLeadIntake {

    private final ScratchDatabase database;
    private final int threads;
    private final boolean asVoronkaTunesIt;

    /**
     * {@code asVoronkaTunesIt}: with the setting Voronka changes for speed (on H2, one insert per
     * row instead of Flowable's multi-row insert); else Flowable's default, the "bare Flowable".
     */
    BareFlowableLeadIntake(ScratchDatabase database, int threads, boolean asVoronkaTunesIt) {
        this.database = database;
        this.threads = threads;
        this.asVoronkaTunesIt = asVoronkaTunesIt;
    }

    SideResult run(int warmup, int count) throws Exception {
        try (HikariDataSource pool = database.pool()) {
            ProcessEngine engine = engine(pool);
            try {
                engine.getRepositoryService().createDeployment().name("baseline")
                        .addString("lead-intake.bpmn20.xml", ShippedContent.read(ShippedContent.LEAD_INTAKE_BPMN))
                        .deploy();
                RuntimeService runtime = engine.getRuntimeService();
                ConcurrentLoad.Call start = number -> {
                    String recordId = UUID.randomUUID().toString();
                    runtime.startProcessInstanceByKey("lead-intake", recordId, WarmLead.processVariables(number, recordId));
                };

                LeadIntakeBenchmark.warmUp("bare Flowable", 0, warmup, threads, start);
                long begin = System.nanoTime();
                Latencies latencies = ConcurrentLoad.run(warmup, count, threads, start);
                long elapsed = System.nanoTime() - begin;
                LeadIntakeBenchmark.requireAllEnded(engine.getHistoryService(), warmup + count);
                return new SideResult(count, elapsed, elapsed, latencies);
            } finally {
                engine.close();
            }
        }
    }

    /** The settings of Voronka's ProcessEngineFactory; the beans do nothing, as the warm path never calls them. */
    private ProcessEngine engine(HikariDataSource pool) {
        StandaloneProcessEngineConfiguration config = BareFlowable.configuration(database, pool, Map.of(
                "roundRobin", (TaskListener) task -> { },
                "createRecord", (JavaDelegate) execution -> { },
                "pluginAction", (JavaDelegate) execution -> { }));
        if (asVoronkaTunesIt) {
            config.setBulkInsertEnabled(database.kind() != ScratchDatabase.Kind.H2);
        }
        config.setAsyncExecutorDefaultAsyncJobAcquireWaitTime(1000);
        config.setAsyncExecutorDefaultTimerJobAcquireWaitTime(1000);
        return config.buildProcessEngine();
    }
}
