package io.voronka.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * The baseline: Flowable alone on its own pool of the same size, the same process shape with a plain
 * async service task whose JavaDelegate does nothing, and Flowable's default async executor settings.
 */
final class BareFlowableAsyncSteps {

    private final ScratchDatabase database;
    private final int poolSize;
    private final int threads;
    private final Duration timeout;

    BareFlowableAsyncSteps(ScratchDatabase database, int poolSize, int threads, Duration timeout) {
        this.database = database;
        this.poolSize = poolSize;
        this.threads = threads;
        this.timeout = timeout;
    }

    DrainResult run(int warmup, int count) throws Exception {
        try (HikariDataSource pool = database.pool(poolSize)) {
            ProcessEngine engine = engine(pool);
            try {
                engine.getRepositoryService().createDeployment().name("baseline")
                        .addString("async-step.bpmn20.xml", ShippedContent.read("bench/async-service-task.bpmn20.xml"))
                        .deploy();
                return new JobDrain(engine, threads, timeout).run(warmup, count);
            } finally {
                engine.close();
            }
        }
    }

    /** Nothing about the async executor is set: its threads, queue, acquisition sizes and waits are Flowable's defaults. */
    private ProcessEngine engine(HikariDataSource pool) {
        StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
        config.setDataSource(pool);
        config.setDatabaseSchemaUpdate("true");
        if (database.catalog() != null) {
            config.setDatabaseCatalog(database.catalog());
        }
        config.setEngineName("baseline-" + UUID.randomUUID());
        config.setDisableIdmEngine(true);
        config.setDisableEventRegistry(true);
        config.setBeans(Map.of("noOp", (JavaDelegate) execution -> { }));
        config.setAsyncExecutorActivate(true);
        config.setCreateDiagramOnDeploy(false);
        return config.buildProcessEngine();
    }
}
