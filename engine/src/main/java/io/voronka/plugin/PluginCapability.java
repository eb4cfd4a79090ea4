package io.voronka.plugin;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.process.StepActions;
import io.voronka.process.StepFailures;
import io.voronka.process.StepSkips;
import java.time.Duration;
import org.flowable.engine.ProcessEngine;

/**
 * Plugins found on the class path, the {@code pluginAction} step that runs their actions from
 * BPMN, the invocation journal that makes each call happen once, and the actions catalog.
 */
public final class PluginCapability implements Capability {

    // A plugin call that keeps failing: 4 tries over about 15 s, then an incident.
    private static final RetryPolicy RETRIES = new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofMinutes(1));
    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(60);
    private static final long SWEEP_MILLIS = 1000;

    private PluginCalls calls;

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public void start(Kernel kernel) {
        PluginHost plugins = kernel.closeOnStop(new PluginHost(kernel.config().pluginConfig())
                .discover(PluginCapability.class.getClassLoader()));
        calls = new PluginCalls(plugins, kernel.database(), kernel.vertx(), RETRIES,
                PROVIDER_TIMEOUT, kernel.budget().pluginWorkers(), kernel.metrics());
        kernel.provide(PluginCalls.class, calls);
        kernel.provide(StepFailures.class, calls);
        kernel.provide(JournaledCalls.class, new JournaledCalls(kernel.database()));
        kernel.provide(StepActions.class, new PluginStepActions(plugins));
        kernel.provide(OutgoingEmail.class, new OutgoingEmail(plugins, kernel.vertx()));
        kernel.step("pluginAction", new PluginStep(plugins, calls));
        kernel.incidents(calls);
        kernel.routes(new ActionRoutes(plugins)::register);
    }

    @Override
    public void running(Kernel kernel) {
        ProcessEngine engine = kernel.require(ProcessEngine.class);
        calls.recordSkipsIn(kernel.require(StepSkips.class));
        // Closed before the engine (registered after it): no resume reaches a stopping engine.
        kernel.closeOnStop(calls).start(engine.getManagementService(), engine.getRuntimeService(), SWEEP_MILLIS);
    }
}
