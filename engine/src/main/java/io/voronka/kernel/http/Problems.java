package io.voronka.kernel.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become RFC 9457 problem+json. Clients never see stack traces. */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final int RETRY_AFTER_SECONDS = 2;

    /** One broken rule of the input: {@code {"field":"values.email","rule":"format","message":"..."}}. */
    public static final Schema INVALID_FIELD = Schema.object()
            .required("field", Schema.string().description("the input that broke the rule, e.g. values.email or limit"))
            .required("rule", Schema.string().description("which rule: required, type, format, enum, range, sandbox, ..."))
            .required("message", Schema.string())
            .named("InvalidField");

    /** What every error answers, as {@link #write} writes it (RFC 9457 with an {@code errors} extension). */
    public static final Schema PROBLEM = Schema.object()
            .required("type", Schema.string())
            .required("title", Schema.string())
            .required("status", Schema.integer())
            .required("detail", Schema.string())
            .required("instance", Schema.string())
            .optional("code", Schema.string().description("the domain error's stable code: invalid, malformed, not-found, conflict, unauthenticated, forbidden, throttled, rule-rejected, username-taken, ..."))
            .optional("errors", Schema.arrayOf(INVALID_FIELD))
            .optional("preview", Schema.arrayOf(Schema.object()
                    .required("field", Schema.string().nullable().description("null for the entity as a whole"))
                    .required("change", Schema.string().description("remove, retype, narrow, removeOption, retire"))
                    .optional("option", Schema.string().description("removeOption: the option's value"))
                    .required("records", Schema.integer().description("records whose value would be lost"))
                    .named("DataLossItem")).description("with 409 code confirm: what the change would lose; send it again with ?confirm=true"))
            .optional("refusal", Schema.object()
                    .required("to", Schema.string().description("the stage asked for"))
                    .required("toLabel", Schema.string())
                    .required("reason", Schema.enumOf("not-running", "already-there", "not-reachable", "ambiguous", "other-way"))
                    .required("current", Schema.arrayOf(Schema.string()).description("labels of the stages the record is in"))
                    .required("currentKeys", Schema.arrayOf(Schema.string()).description("keys of the stages the record is in, in the same order"))
                    .required("after", Schema.arrayOf(Schema.object()
                            .required("stage", Schema.string().nullable().description("the label of the step's stage"))
                            .required("stageKey", Schema.string().nullable().description("the key of the step's stage"))
                            .required("step", Schema.string().description("the name (or id) of the task or event"))
                            .optional("stepLabels", Schema.mapOf(Schema.string()).description("the step's name in other languages"))
                            .named("StageStep")).description("steps whose completion leads to the stage"))
                    .named("StageRefusal").description("with 409 code stage-refused: why a pipeline would not move the record"))
            .description("RFC 9457 problem details; errors[] names each field and rule the input broke")
            .named("Problem");

    private Problems() {
    }

    public static void send(RoutingContext ctx, Throwable failure) {
        Locale language = Languages.of(ctx);
        if (failure instanceof DomainError p) {
            if (p.retryAfter() != null) {
                // whole seconds, rounded up, so a client that waits exactly this long is let in
                long seconds = Math.max(1, (p.retryAfter().toMillis() + 999) / 1000);
                ctx.response().putHeader("Retry-After", String.valueOf(seconds));
            }
            write(ctx, status(p.kind()), title(p).in(language), p.detailText().in(language), p.errors(), p.code(),
                    p.extensions());
            return;
        }
        if (failure instanceof HttpException h && h.getStatusCode() >= 400 && h.getStatusCode() < 500) {
            // Vert.x's own verdict on a malformed request (bad escape, bad header): the client's fault.
            status(ctx, h.getStatusCode());
            return;
        }
        if (causedByBusyDatabase(failure)) {
            LOG.warn("request {} {} found the database busy (no free connection or a lock held too long)",
                    ctx.request().method(), ctx.request().path());
            if (!ctx.response().headWritten()) {
                ctx.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            }
            write(ctx, 503, Message.of("problem.title.503").in(language),
                    Message.of("problem.busy", RETRY_AFTER_SECONDS).in(language), List.of());
            return;
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("request {} {} failed, incident {}", ctx.request().method(), ctx.request().path(), incident, failure);
        write(ctx, 500, Message.of("problem.title.500").in(language),
                Message.of("problem.failed", incident).in(language), List.of());
    }

    /** The one mapping from a domain error's kind to an HTTP status. */
    static int status(DomainError.Kind kind) {
        return switch (kind) {
            case INVALID -> 422;
            case MALFORMED -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case THROTTLED -> 429;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
        };
    }

    private static Message title(DomainError error) {
        return switch (error.code()) {
            case "rule-rejected" -> Message.of("problem.title.rule-rejected");
            case "rule-failed" -> Message.of("problem.title.rule-failed");
            default -> switch (error.kind()) {
                case INVALID -> Message.of("problem.title.invalid");
                case MALFORMED -> Message.of("problem.title.400");
                case NOT_FOUND -> Message.of("problem.title.404");
                case CONFLICT -> Message.of("problem.title.409");
                case UNAUTHENTICATED -> Message.of("problem.title.401");
                case FORBIDDEN -> Message.of("problem.title.403");
                case THROTTLED -> Message.of("problem.title.429");
                case TOO_LARGE -> Message.of("problem.title.413");
                case UNSUPPORTED_TYPE -> Message.of("problem.title.415");
            };
        };
    }

    /**
     * The database could not serve the request in time: no connection to be had (pool exhausted,
     * database unreachable), or a lock it needed stayed held past the lock timeout (H2 rebuilding a
     * table for a new field, MariaDB's lock wait), or, on H2, a table not there: H2 lets a session
     * with an open transaction go on in exclusive mode, so a write can reach the moment a rebuilt
     * table is swapped in by renames (record.ShadowRebuild), between which its name names nothing.
     * The request changed nothing: a 503, not a 500, and sent again it finds the rebuilt table.
     */
    static boolean causedByBusyDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.sql.SQLTimeoutException
                    || t instanceof java.sql.SQLException sql && (sql.getErrorCode() == H2_LOCK_TIMEOUT
                    || sql.getErrorCode() == MARIADB_LOCK_WAIT_TIMEOUT || sql.getErrorCode() == H2_TABLE_NOT_FOUND)) {
                return true;
            }
        }
        return false;
    }

    private static final int H2_LOCK_TIMEOUT = 50200;
    private static final int MARIADB_LOCK_WAIT_TIMEOUT = 1205;
    private static final int H2_TABLE_NOT_FOUND = 42102;

    public static void status(RoutingContext ctx, int status) {
        Message title = switch (status) {
            case 400 -> Message.of("problem.title.400");
            case 404 -> Message.of("problem.title.404");
            case 405 -> Message.of("problem.title.405");
            case 413 -> Message.of("problem.title.413");
            case 415 -> Message.of("problem.title.415");
            default -> Message.of("problem.title.other");
        };
        Message detail = switch (status) {
            case 404 -> Message.of("problem.no-route", ctx.request().method(), ctx.request().path());
            case 405 -> Message.of("problem.method-not-allowed", ctx.request().method(), ctx.request().path());
            case 413 -> Message.of("problem.body-too-large");
            case 415 -> Message.of("problem.json-only");
            default -> title;
        };
        if (status >= 500 && ctx.failure() != null) {
            send(ctx, ctx.failure());
            return;
        }
        Locale language = Languages.of(ctx);
        write(ctx, status, title.in(language), detail.in(language), List.of());
    }

    static void write(RoutingContext ctx, int status, String title, String detail, List<ValidationProblem> errors) {
        write(ctx, status, title, detail, errors, null);
    }

    /** {@code code} is the domain error's stable code (an RFC 9457 extension member), or null. */
    static void write(RoutingContext ctx, int status, String title, String detail, List<ValidationProblem> errors,
                      String code) {
        write(ctx, status, title, detail, errors, code, java.util.Map.of());
    }

    static void write(RoutingContext ctx, int status, String title, String detail, List<ValidationProblem> errors,
                      String code, java.util.Map<String, Object> extensions) {
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
        if (code != null) {
            body.put("code", code);
        }
        if (!errors.isEmpty()) {
            JsonArray list = new JsonArray();
            Locale language = Languages.of(ctx);
            errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("rule", e.rule())
                    .put("message", e.message(language))));
            body.put("errors", list);
        }
        extensions.forEach(body::put);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }
}
