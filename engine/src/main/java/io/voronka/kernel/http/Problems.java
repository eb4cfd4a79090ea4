package io.voronka.kernel.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.voronka.kernel.error.ProblemException;
import io.voronka.kernel.error.ValidationProblem;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become RFC 9457 problem+json. Clients never see stack traces. */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final int RETRY_AFTER_SECONDS = 2;

    private Problems() {
    }

    public static void send(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ProblemException p) {
            if (p.retryAfter() != null) {
                // whole seconds, rounded up, so a client that waits exactly this long is let in
                long seconds = Math.max(1, (p.retryAfter().toMillis() + 999) / 1000);
                ctx.response().putHeader("Retry-After", String.valueOf(seconds));
            }
            write(ctx, p.status(), p.title(), p.detail(), p.errors());
            return;
        }
        if (failure instanceof HttpException h && h.getStatusCode() >= 400 && h.getStatusCode() < 500) {
            // Vert.x's own verdict on a malformed request (bad escape, bad header): the client's fault.
            status(ctx, h.getStatusCode());
            return;
        }
        if (causedByBusyDatabase(failure)) {
            LOG.warn("request {} {} found no free database connection in time", ctx.request().method(), ctx.request().path());
            if (!ctx.response().headWritten()) {
                ctx.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            }
            write(ctx, 503, "Service unavailable", "the server is busy; try again in " + RETRY_AFTER_SECONDS + " s",
                    List.of());
            return;
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("request {} {} failed, incident {}", ctx.request().method(), ctx.request().path(), incident, failure);
        write(ctx, 500, "Internal error", "the server failed; incident " + incident, List.of());
    }

    /** No connection could be had in time (pool exhausted, database unreachable): a 503, not a 500. */
    static boolean causedByBusyDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    public static void status(RoutingContext ctx, int status) {
        String title = switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Payload too large";
            case 415 -> "Unsupported media type";
            default -> "Error";
        };
        String detail = switch (status) {
            case 404 -> "no route for " + ctx.request().method() + " " + ctx.request().path();
            case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
            case 413 -> "the request body is too large";
            case 415 -> "send the body as application/json (a BPMN document as application/xml)";
            default -> title;
        };
        if (status >= 500 && ctx.failure() != null) {
            send(ctx, ctx.failure());
            return;
        }
        write(ctx, status, title, detail, List.of());
    }

    static void write(RoutingContext ctx, int status, String title, String detail, List<ValidationProblem> errors) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        if (!errors.isEmpty()) {
            JsonArray list = new JsonArray();
            errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("rule", e.rule())
                    .put("message", e.message())));
            body.put("errors", list);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }
}
