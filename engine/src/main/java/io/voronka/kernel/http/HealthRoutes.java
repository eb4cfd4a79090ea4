package io.voronka.kernel.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.voronka.kernel.storage.Database;
import java.util.function.BooleanSupplier;

/** Liveness and readiness: open to probes, no sign-in. Metrics are {@link MetricsEndpoint}'s. */
public final class HealthRoutes {

    private final Vertx vertx;
    private final Database database;
    private final BooleanSupplier processesReady;

    public HealthRoutes(Vertx vertx, Database database, BooleanSupplier processesReady) {
        this.vertx = vertx;
        this.database = database;
        this.processesReady = processesReady;
    }

    public void register(Router router) {
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> vertx.executeBlocking(() -> {
            // An exhausted pool is not ready: a balancer should send requests elsewhere until it drains.
            boolean pool = !database.isExhausted();
            boolean db = pool && database.isReachable();
            boolean processes = processesReady.getAsBoolean();
            return new JsonObject().put("status", db && processes ? "UP" : "DOWN")
                    .put("checks", new JsonObject().put("database", db ? "UP" : "DOWN")
                            .put("connections", pool ? "UP" : "EXHAUSTED")
                            .put("processes", processes ? "UP" : "DOWN"));
        }, false).onComplete(r -> {
            JsonObject body = r.succeeded() ? r.result() : new JsonObject().put("status", "DOWN");
            ctx.response().setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
                    .putHeader("Content-Type", "application/json").end(body.encode());
        }));
    }
}
