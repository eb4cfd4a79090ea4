package io.voronka.kernel.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Authenticator;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.storage.ConnectionWait;
import java.util.ArrayList;
import java.util.List;

/**
 * The API surface: each capability declares its routes here in one block, and the same
 * declaration registers the handler and describes it in the OpenAPI document. Handlers run on
 * worker threads (they talk to the database), never on the event loop.
 */
public final class Api {

    /** A route handler; it may block. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Call call) throws Exception;
    }

    /**
     * A route that answers with a stream (server-sent events): it gets the request once the caller
     * is authenticated, on the event loop, and writes to the response for as long as it likes.
     */
    @FunctionalInterface
    public interface StreamHandler {
        void open(RoutingContext context, Actor actor);
    }

    /** How a route appears in the OpenAPI document; {@code stream} answers {@code text/event-stream}. */
    public record Doc(HttpMethod method, String path, Access access, String tag, String summary,
                      JsonObject requestSchema, int successStatus, boolean stream) {
    }

    private final Vertx vertx;
    private final Router router;
    private final Authenticator auth;
    private final List<Doc> docs = new ArrayList<>();
    private final MeterRegistry metrics;

    public Api(Vertx vertx, Router router, Authenticator auth, MeterRegistry metrics) {
        this.vertx = vertx;
        this.router = router;
        this.auth = auth;
        this.metrics = metrics;
    }

    public Route route(HttpMethod method, String path) {
        return new Route(method, path);
    }

    public List<Doc> docs() {
        return List.copyOf(docs);
    }

    /** Builder for one route: {@code api.route(GET, "/api/v1/tasks").tag("tasks").summary(...).signedIn(this::list)}. */
    public final class Route {
        private final HttpMethod method;
        private final String path;
        private String tag = "general";
        private String summary = "";
        private JsonObject requestSchema;
        private int successStatus = 200;

        private Route(HttpMethod method, String path) {
            this.method = method;
            this.path = path;
        }

        public Route tag(String value) {
            this.tag = value;
            return this;
        }

        public Route summary(String value) {
            this.summary = value;
            return this;
        }

        public Route body(JsonObject schema) {
            this.requestSchema = schema;
            return this;
        }

        public Route status(int status) {
            this.successStatus = status;
            return this;
        }

        public void open(Handler handler) {
            register(Access.PUBLIC, handler);
        }

        public void signedIn(Handler handler) {
            register(Access.SIGNED_IN, handler);
        }

        public void admin(Handler handler) {
            register(Access.ADMIN, handler);
        }

        /** A signed-in stream: authentication as for any route, then the handler owns the response. */
        public void stream(StreamHandler handler) {
            docs.add(new Doc(method, path, Access.SIGNED_IN, tag, summary, requestSchema, successStatus, true));
            Doc doc = docs.getLast();
            router.route(method, path).handler(ctx -> openStream(ctx, doc, handler));
        }

        private void register(Access access, Handler handler) {
            docs.add(new Doc(method, path, access, tag, summary, requestSchema, successStatus, false));
            Doc doc = docs.getLast();
            router.route(method, path).handler(ctx -> dispatch(ctx, doc, handler));
        }
    }

    private void dispatch(RoutingContext ctx, Doc doc, Handler handler) {
        Timer.Sample sample = Timer.start(metrics);
        ctx.addEndHandler(done -> sample.stop(metrics.timer("http.server.requests",
                "method", doc.method().name(), "route", doc.path(),
                "status", String.valueOf(ctx.response().getStatusCode()))));
        // A request waits briefly for a connection and answers 503 rather than hang while the pool is busy.
        vertx.executeBlocking(() -> ConnectionWait.brief(() -> {
            Actor actor = doc.access() == Access.PUBLIC ? null : authenticate(ctx, doc.access());
            return handler.handle(new Call(ctx, actor));
        }), false).onComplete(result -> {
            if (result.failed()) {
                Problems.send(ctx, result.cause());
                return;
            }
            Reply reply = result.result();
            ctx.response().setStatusCode(reply.status());
            if (reply.body() == null) {
                ctx.response().end();
            } else {
                String json = reply.body() instanceof JsonObject o ? o.encode()
                        : reply.body() instanceof JsonArray a ? a.encode()
                        : io.vertx.core.json.Json.encode(reply.body());
                ctx.response().putHeader("Content-Type", "application/json").end(json);
            }
        });
    }

    private void openStream(RoutingContext ctx, Doc doc, StreamHandler handler) {
        vertx.executeBlocking(() -> ConnectionWait.brief(() -> authenticate(ctx, doc.access())), false)
                .onComplete(result -> {
                    if (result.failed()) {
                        Problems.send(ctx, result.cause());
                    } else if (!ctx.response().closed()) {
                        handler.open(ctx, result.result());
                    }
                });
    }

    private Actor authenticate(RoutingContext ctx, Access access) {
        String token = bearer(ctx);
        if (token == null) {
            throw DomainError.unauthenticated("sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login");
        }
        Actor user = auth.authenticate(token)
                .orElseThrow(() -> DomainError.unauthenticated("the token is unknown or expired; sign in again"));
        if (access == Access.ADMIN && !user.isAdmin()) {
            throw DomainError.forbidden("only an admin may do this");
        }
        return user;
    }

    /** The bearer token of a request, or null; streams keep it to check the session again later. */
    public static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() || token.length() > 200 ? null : token;
    }
}
