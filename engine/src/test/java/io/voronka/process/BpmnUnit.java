package io.voronka.process;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.storage.PoolBudget;
import io.voronka.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.flowable.engine.test.FlowableExtension;
import org.flowable.engine.test.FlowableTestHelper;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Flowable's own JUnit 5 support ({@code @Deployment}, injected services) on the engine a node runs:
 * the rule language for every expression, the async-step behaviours, our database; but no job
 * executor (a test runs jobs itself) and only the stub steps the test class offers. One BPMN file,
 * tested on its own in milliseconds, without HTTP, records or plugins.
 */
public final class BpmnUnit extends FlowableExtension {

    /**
     * Implemented by a test class (with {@code @TestInstance(PER_CLASS)}, as the engine is built once
     * for the class): the step beans its BPMN names, usually recording stubs.
     */
    public interface Steps {
        Map<String, Object> steps();

        /**
         * The test database, before {@link #steps()} is asked: a test that runs the real record
         * steps (over the shipped forms, see {@code ShippedRecords}) builds them on it.
         */
        default void database(Database database) {
        }
    }

    // Flowable 8 builds its helper with a JUnit 6 store method; this is the same, on JUnit 5's, kept
    // for the test class (steps are the class instance's, so the class runs with PER_CLASS).
    @Override
    protected FlowableTestHelper getTestHelper(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(ExtensionContext.Namespace.create(BpmnUnit.class, classContext.getRequiredTestClass()))
                .getOrComputeIfAbsent("helper", key -> new FlowableTestHelper(createProcessEngine(classContext)),
                        FlowableTestHelper.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }

    @Override
    protected ProcessEngine createProcessEngine(ExtensionContext context) {
        Steps steps = (Steps) context.getRequiredTestInstance();
        TestDatabase testDatabase = TestDatabase.create();
        Database database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null);
        database.migrate(new io.voronka.record.RecordCapability().migrations()); // search terms are written with every record
        steps.database(database);
        StandaloneProcessEngineConfiguration config = ProcessEngineFactory.configure(database, "bpmn-unit",
                new ProcessEngineFactory.JobLocks(Duration.ofMinutes(5), Duration.ofMinutes(1)), steps.steps(),
                new RuleSandbox(), PoolBudget.forPool(database.poolSize()));
        config.setAsyncExecutorActivate(false);
        ProcessEngine engine = config.buildProcessEngine();
        // Closed when the test class is done: the engine, then its pool, then the database itself.
        context.getStore(ExtensionContext.Namespace.create(BpmnUnit.class, context.getRequiredTestClass()))
                .put("closer", (AutoCloseable) () -> {
                    engine.close();
                    database.close();
                    testDatabase.close();
                });
        return engine;
    }
}
