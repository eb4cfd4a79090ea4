package io.voronka.plugin.email;

import io.vertx.core.Vertx;
import io.voronka.plugin.api.ActionContext;
import io.voronka.plugin.api.IdempotencyKey;
import io.voronka.plugin.api.PluginConfig;
import java.util.Map;

/** What the engine would hand the action for one step; stands in until plugins/testkit exists. */
record StepContext(IdempotencyKey idempotencyKey, PluginConfig config, Vertx vertx) implements ActionContext {

    static StepContext of(Vertx vertx, String step, Map<String, String> config) {
        return new StepContext(new IdempotencyKey("proc-1", step, "exec-1", 0), PluginConfig.of(config), vertx);
    }
}
