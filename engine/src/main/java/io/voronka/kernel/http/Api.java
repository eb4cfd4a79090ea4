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
import io.voronka.kernel.error.Message;
import io.voronka.kernel.storage.ConnectionWait;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * How a route appears in the OpenAPI document: what it reads ({@code request}, {@code query}),
     * what it answers ({@code response} as {@code responseType}) and which problems it may answer
     * beyond those its access and shape imply (see {@link OpenApi}).
     */
    public record Doc(HttpMethod method, String path, Access access, String tag, String summary,
                      Schema request, boolean bodyless, boolean untypedBody, List<QueryParam> query,
                      Schema response, String responseType, int successStatus, Set<Integer> problems,
                      String requestType) {

        /** A server-sent event stream: it never ends on its own, and clients read it as it comes. */
        public boolean stream() {
            return "text/event-stream".equals(responseType);
        }

        /** What the route's declaration lacks for a typed API; empty when nothing. */
        public List<String> gaps() {
            List<String> gaps = new ArrayList<>();
            boolean takesBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
            if (untypedBody) {
                gaps.add("its body is declared with OpenApi.object(names...): declare it with .body(Schema.object()...)");
            } else if (takesBody && request == null && !bodyless) {
                gaps.add("no request schema: add .body(Schema...) or, if it reads no body, .noBody()");
            }
            if (successStatus != 204 && response == null) {
                gaps.add("no response schema: add .answers(Schema...) (or .status(204) if it answers nothing)");
            }
            return gaps;
        }
    }

    /** A query parameter a route reads. */
    public record QueryParam(String name, boolean required, Schema schema) {
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

    /**
     * Builder for one route: {@code api.route(GET, "/api/v1/tasks").tag("tasks").summary(...)
     * .answers(Schema.arrayOf(TASK)).signedIn(this::list)}. The schemas feed the OpenAPI document,
     * the console's generated types and the contract test that checks real answers against them.
     */
    public final class Route {
        private final HttpMethod method;
        private final String path;
        private String tag = "general";
        private String summary = "";
        private Schema request;
        private boolean bodyless;
        private boolean untypedBody;
        private final List<QueryParam> query = new ArrayList<>();
        private Schema response;
        private String responseType = "application/json";
        private String requestType = "application/json";
        private int successStatus = 200;
        private final Set<Integer> problems = new TreeSet<>();

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

        /** The JSON body the route reads. */
        public Route body(Schema schema) {
            this.request = schema;
            return this;
        }

        /** A body in another media type (a BPMN document as {@code application/xml}). */
        public Route body(String mediaType, Schema schema) {
            this.requestType = mediaType;
            this.request = schema;
            return this;
        }

        /** @deprecated names without types; the contract test lists routes still using it. */
        @Deprecated
        public Route body(JsonObject schema) {
            this.request = Schema.any();
            this.untypedBody = true;
            return this;
        }

        /** A POST, PUT or PATCH that reads no body (claim, logout, retry). */
        public Route noBody() {
            this.bodyless = true;
            return this;
        }

        public Route query(String name, Schema schema) {
            query.add(new QueryParam(name, false, schema));
            return this;
        }

        public Route requiredQuery(String name, Schema schema) {
            query.add(new QueryParam(name, true, schema));
            return this;
        }

        /** The JSON the route answers on success. */
        public Route answers(Schema schema) {
            this.response = schema;
            return this;
        }

        /** A success answer in another media type (e.g. {@code text/event-stream}). */
        public Route answers(String mediaType, Schema schema) {
            this.responseType = mediaType;
            this.response = schema;
            return this;
        }

        /**
         * Problems this route answers beyond those its declaration implies (401 when signed in,
         * 403 for admins, 400 with a body or query, 422 with a body, 404 with a path parameter, 503 always):
         * e.g. 403 for a manager on someone else's task, 409 for a stale version.
         */
        public Route fails(int... statuses) {
            for (int status : statuses) {
                if (!OpenApi.describes(status)) {
                    throw new IllegalArgumentException(path + ": no problem answer is described for status " + status);
                }
                problems.add(status);
            }
            return this;
        }

        /**
         * A multipart route: its own body handler, ahead of the API's JSON one, keeps uploads of up to
         * {@code maxBytes} in {@code folder} for the length of the request; a declared length beyond
         * that answers 413 naming {@code field} before anything is read.
         */
        public Route uploads(String field, long maxBytes, java.nio.file.Path folder) {
            long limit = maxBytes + 64 * 1024; // the multipart envelope around the file
            router.route(method, path).order(-101).handler(ctx -> {
                String length = ctx.request().getHeader("Content-Length");
                if (length != null && length.trim().matches("\\d{1,18}") && Long.parseLong(length.trim()) > limit) {
                    Problems.send(ctx, DomainError.tooLarge(field, Message.of("file.too-large.any", maxBytes)));
                    return;
                }
                try {
                    ctx.request().params(); // the body handler decodes the query too, and a broken escape throws there
                } catch (IllegalArgumentException e) {
                    Problems.send(ctx, DomainError.malformed("query", "encoding", Message.of("problem.query.encoding")));
                    return;
                }
                String type = ctx.request().getHeader("Content-Type");
                if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
                    Problems.send(ctx, DomainError.unsupportedType("body", Message.of("file.multipart", field)));
                    return;
                }
                ctx.put(JsonOnly.UPLOAD, true);
                ctx.next();
            });
            router.route(method, path).order(-100).handler(io.vertx.ext.web.handler.BodyHandler.create(folder.toString())
                    .setBodyLimit(limit).setDeleteUploadedFilesOnEnd(true).setMergeFormAttributes(false));
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
            Doc doc = new Doc(method, path, Access.SIGNED_IN, tag, summary, request, bodyless, untypedBody,
                    List.copyOf(query), response == null ? Schema.string() : response, "text/event-stream",
                    successStatus, Set.copyOf(problems), requestType);
            docs.add(doc);
            router.route(method, path).handler(ctx -> openStream(ctx, doc, handler));
        }

        private void register(Access access, Handler handler) {
            Doc doc = new Doc(method, path, access, tag, summary, request, bodyless, untypedBody, List.copyOf(query),
                    response, responseType, successStatus, Set.copyOf(problems), requestType);
            docs.add(doc);
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
            if (reply.body() instanceof Download file) {
                send(ctx, file);
            } else if (reply.body() == null) {
                ctx.response().end();
            } else if (reply.body() instanceof Reply.Document document) {
                ctx.response().putHeader("Content-Type", document.contentType())
                        .end(io.vertx.core.buffer.Buffer.buffer(document.bytes()));
            } else {
                String json = reply.body() instanceof JsonObject o ? o.encode()
                        : reply.body() instanceof JsonArray a ? a.encode()
                        : io.vertx.core.json.Json.encode(reply.body());
                ctx.response().putHeader("Content-Type", "application/json").end(json);
            }
        });
    }

    private static void send(RoutingContext ctx, Download file) {
        ctx.response().putHeader("Content-Type", file.contentType())
                .putHeader("Content-Disposition", file.disposition());
        if (file.path() != null) {
            ctx.response().sendFile(file.path().toString());
        } else {
            ctx.response().end(io.vertx.core.buffer.Buffer.buffer(file.bytes()));
        }
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
            throw DomainError.unauthenticated(Message.of("login.required"));
        }
        Actor user = auth.authenticate(token)
                .orElseThrow(() -> DomainError.unauthenticated(Message.of("login.expired")));
        if (access == Access.ADMIN && !user.isAdmin()) {
            throw DomainError.forbidden(Message.of("login.admin-only"));
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
