package io.voronka.kernel.incident;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.http.Schema;

/** Incidents over HTTP, for admins: what stopped, and a retry that gives it its attempts back. */
public final class IncidentRoutes {

    static final Schema INCIDENT = Schema.object()
            .required("id", Schema.string().description("source:reference, e.g. event:<consumer>:<eventId>, step:<key>, job:<jobId>"))
            .required("kind", Schema.enumOf("event", "plugin-step", "process-step"))
            .required("summary", Schema.string())
            .required("message", Schema.string().nullable().description("the last failure's message"))
            .required("attempts", Schema.integer())
            .required("processInstanceId", Schema.string().nullable())
            .required("at", Schema.dateTime().nullable())
            .required("elementId", Schema.string().nullable().description("the BPMN element that failed, if any"))
            .required("recordId", Schema.string().nullable().description("the record the event or process is about, if known"))
            .named("Incident");
    static final Schema RETRYING = Schema.object()
            .required("id", Schema.string())
            .required("status", Schema.enumOf("retrying"))
            .named("IncidentRetry");

    static final Schema RETRY_MANY = Schema.object()
            .required("ids", Schema.arrayOf(Schema.string()).description("incident ids, at most 500"))
            .named("IncidentRetryRequest");
    static final Schema RETRIED_MANY = Schema.object()
            .required("results", Schema.arrayOf(Schema.object()
                    .required("id", Schema.string())
                    .required("status", Schema.enumOf("retrying", "not-found"))
                    .named("IncidentRetryResult")))
            .named("IncidentRetries");
    static final Schema SKIP = Schema.object()
            .required("reason", Schema.string().description("why the step is passed over, kept with who did it"))
            .named("IncidentSkipRequest");
    static final Schema SKIPPED = Schema.object()
            .required("id", Schema.string())
            .required("status", Schema.enumOf("skipped"))
            .named("IncidentSkip");
    private static final int MAX_IDS = 500;

    private final Incidents incidents;

    public IncidentRoutes(Incidents incidents) {
        this.incidents = incidents;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/incidents").tag("incidents")
                .summary("Events, plugin steps and process jobs that stopped after their attempts")
                .query("limit", Schema.integer().between(1, 500).description("default 100"))
                .answers(Schema.arrayOf(INCIDENT)).admin(this::list);
        api.route(POST, "/api/v1/incidents/:id/retry").tag("incidents")
                .summary("Try an incident again with fresh attempts")
                .noBody().answers(RETRYING).status(202).admin(this::retry);
        api.route(POST, "/api/v1/incidents/retry").tag("incidents")
                .summary("Try many incidents again; each answers retrying or not-found")
                .body(RETRY_MANY).answers(RETRIED_MANY).status(202).admin(this::retryMany);
        api.route(POST, "/api/v1/incidents/:id/skip").tag("incidents")
                .summary("Pass over a failed process step along its outgoing flow, recording who and why")
                .body(SKIP).answers(SKIPPED).fails(409).admin(this::skip);
    }

    private Reply retryMany(Call call) {
        Object raw = call.body().getValue("ids");
        if (!(raw instanceof io.vertx.core.json.JsonArray ids)) {
            throw DomainError.malformed("ids", raw == null ? "required" : "type", Message.of("incident.ids"));
        }
        if (ids.isEmpty() || ids.size() > MAX_IDS) {
            throw DomainError.invalid("ids", "range", Message.of("incident.ids.range", MAX_IDS));
        }
        JsonArray results = new JsonArray();
        for (int i = 0; i < ids.size(); i++) {
            if (!(ids.getValue(i) instanceof String id)) {
                throw DomainError.malformed("ids[" + i + "]", "type", Message.of("incident.id"));
            }
        }
        for (Object value : ids) {
            String id = (String) value;
            boolean retried = id.length() <= 300 && incidents.retry(id).orElse(false);
            results.add(new io.vertx.core.json.JsonObject().put("id", id).put("status", retried ? "retrying" : "not-found"));
        }
        return new Reply(202, new io.vertx.core.json.JsonObject().put("results", results));
    }

    private Reply skip(Call call) {
        String id = call.path("id");
        Object reason = call.body().getValue("reason");
        if (!(reason instanceof String text) || text.isBlank()) {
            throw reason == null || reason instanceof String ? DomainError.invalid("reason", "required", Message.of("incident.skip.reason"))
                    : DomainError.malformed("reason", "type", Message.of("incident.skip.reason.type"));
        }
        if (text.length() > 1000) {
            throw DomainError.invalid("reason", "maxLength", Message.of("incident.skip.reason.long", 1000));
        }
        if (id == null || id.length() > 300) {
            throw DomainError.notFound(Message.of("incident.none"));
        }
        boolean skipped = incidents.skip(id, call.actorName(), text.trim()).orElseThrow(() -> DomainError.notFound(Message.of("incident.unknown", id)));
        if (!skipped) {
            throw DomainError.notFound(Message.of("incident.closed", id));
        }
        return Reply.ok(new io.vertx.core.json.JsonObject().put("id", id).put("status", "skipped"));
    }

    private Reply list(Call call) {
        int limit = call.intQuery("limit", 100, 1, 500);
        JsonArray result = new JsonArray();
        incidents.open(limit).forEach(i -> result.add(i.toJson(call.language())));
        return Reply.ok(result);
    }

    private Reply retry(Call call) {
        String id = call.path("id");
        if (id == null || id.length() > 300) {
            throw DomainError.notFound(Message.of("incident.none"));
        }
        boolean retried = incidents.retry(id).orElseThrow(() -> DomainError.notFound(Message.of("incident.unknown", id)));
        if (!retried) {
            throw DomainError.notFound(Message.of("incident.closed", id));
        }
        return new Reply(202, new io.vertx.core.json.JsonObject().put("id", id).put("status", "retrying"));
    }
}
