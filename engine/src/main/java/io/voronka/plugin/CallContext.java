package io.voronka.plugin;

import io.vertx.core.Vertx;
import io.voronka.plugin.api.ActionContext;
import io.voronka.plugin.api.IdempotencyKey;
import io.voronka.plugin.api.PluginConfig;

/** What an action gets for one call: the call's idempotency key, its plugin's configuration and the node's Vert.x. */
record CallContext(IdempotencyKey idempotencyKey, PluginConfig config, Vertx vertx) implements ActionContext {
}
