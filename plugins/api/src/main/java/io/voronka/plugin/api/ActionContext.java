package io.voronka.plugin.api;

import io.vertx.core.Vertx;

/**
 * What the engine hands an action besides its input: identity of this step, configuration, and a
 * Vert.x instance for non-blocking I/O. An action never sees engine classes.
 */
public interface ActionContext {

    /**
     * Same value on every attempt of this step (process instance, activity, execution, loop
     * counter); pass it to providers that deduplicate, or derive message ids from it.
     */
    IdempotencyKey idempotencyKey();

    /** Plugin configuration set by the operator (SMTP host, API credentials...). */
    PluginConfig config();

    Vertx vertx();
}
