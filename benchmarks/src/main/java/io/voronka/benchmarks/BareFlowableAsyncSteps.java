package io.voronka.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.delegate.JavaDelegate;

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
        return BareFlowable.configuration(database, pool, Map.of("noOp", (JavaDelegate) execution -> { }))
                .buildProcessEngine();
    }
}
