package io.voronka;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.access.Authenticator;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.HealthRoutes;
import io.voronka.kernel.http.JsonOnly;
import io.voronka.kernel.http.MetricsEndpoint;
import io.voronka.kernel.http.OpenApi;
import io.voronka.kernel.http.Problems;
import io.voronka.kernel.http.SecurityHeaders;
import io.voronka.kernel.incident.IncidentRoutes;
import io.voronka.kernel.incident.Incidents;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The node's HTTP surface: security headers and body limits, the API routes every capability
 * contributed plus the kernel's own (incidents, OpenAPI, health, metrics), the console, and
 * problem+json for what no route answers.
 */
final class HttpFront {

    private static final int BODY_LIMIT = 1024 * 1024;
    /** A BPMN model with its diagram may be larger than a JSON request (ProcessModels.MAX_BYTES). */
    private static final int MODEL_BODY_LIMIT = 5 * 1024 * 1024;

    record Built(Router router, List<Api.Doc> docs, MetricsEndpoint metrics) {
    }

    private HttpFront() {
    }

    static Built build(Kernel kernel, BooleanSupplier ready) {
        Vertx vertx = kernel.vertx();
        Router router = Router.router(vertx);
        router.route().handler(SecurityHeaders::apply);
        router.route("/api/*").handler(JsonOnly::check);
        // The first body handler a request meets reads its body; the others pass it on.
        router.route("/api/v1/process-models*").handler(BodyHandler.create(false).setBodyLimit(MODEL_BODY_LIMIT));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        Api api = new Api(vertx, router, kernel.require(Authenticator.class), kernel.metrics());
        kernel.routes().forEach(registrar -> registrar.accept(api));
        new IncidentRoutes(new Incidents(kernel.incidentSources())).register(api);
        OpenApi.register(api, VoronkaServer.VERSION);
        new HealthRoutes(vertx, kernel.database(), ready).register(router);
        MetricsEndpoint metrics = new MetricsEndpoint(vertx, kernel.metrics(), kernel.config().management().metricsToken());
        if (kernel.config().management().metricsOnMainPort()) {
            metrics.register(router);
        }
        // The console, for GET and HEAD only, so a wrong method on an API path answers 405, not 404.
        StaticHandler console = StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html");
        router.routeWithRegex("^(?!/api/).*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(console);
        // The console routes in the browser (/records/contact/7): a path without a file extension
        // that no file answered is one of its screens, so a copied or reloaded address opens it.
        // The server's own paths (API, health, metrics) keep answering 404 for what they lack.
        router.routeWithRegex("^(?!/api/|/health|/metrics)[^.]*$").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> ctx.reroute("/index.html"));
        problems(router);
        return new Built(router, api.docs(), metrics);
    }

    /** A router that answers only the metrics endpoint, for the management port. */
    static Router management(Vertx vertx, MetricsEndpoint metrics) {
        Router management = Router.router(vertx);
        management.route().handler(SecurityHeaders::apply);
        metrics.register(management);
        management.errorHandler(404, ctx -> Problems.status(ctx, 404));
        return management;
    }

    private static void problems(Router router) {
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            router.errorHandler(status, ctx -> Problems.status(ctx, status));
        }
    }
}
