package io.voronka.kernel.incident;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
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
            .named("Incident");
    static final Schema RETRYING = Schema.object()
            .required("id", Schema.string())
            .required("status", Schema.enumOf("retrying"))
            .named("IncidentRetry");

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
    }

    private Reply list(Call call) {
        int limit = call.intQuery("limit", 100, 1, 500);
        JsonArray result = new JsonArray();
        incidents.open(limit).forEach(i -> result.add(i.toJson()));
        return Reply.ok(result);
    }

    private Reply retry(Call call) {
        String id = call.path("id");
        if (id == null || id.length() > 300) {
            throw DomainError.notFound("no such incident");
        }
        boolean retried = incidents.retry(id).orElseThrow(() -> DomainError.notFound("no incident " + id));
        if (!retried) {
            throw DomainError.notFound("no open incident " + id);
        }
        return new Reply(202, new io.vertx.core.json.JsonObject().put("id", id).put("status", "retrying"));
    }
}
