package io.voronka.process;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.OpenApi;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.ProblemException;
import java.util.regex.Pattern;

/** Tasks and process instances over HTTP. */
public final class ProcessRoutes {

    private static final Pattern RECORD_ID = Pattern.compile("^[0-9a-fA-F-]{1,64}$");

    private final Inbox inbox;
    private final ProcessHistory history;

    public ProcessRoutes(Inbox inbox, ProcessHistory history) {
        this.inbox = inbox;
        this.history = history;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/tasks").tag("tasks").summary("Tasks in the caller's inbox").signedIn(this::list);
        api.route(POST, "/api/v1/tasks/:id/claim").tag("tasks").summary("Claim a task").signedIn(this::claim);
        api.route(POST, "/api/v1/tasks/:id/complete").tag("tasks").summary("Complete a task with its form values")
                .body(OpenApi.object("values")).status(204).signedIn(this::complete);
        api.route(GET, "/api/v1/process-instances").tag("processes")
                .summary("Processes a record has been through (?recordId=)").signedIn(this::instances);
    }

    private Reply list(Call call) {
        JsonArray result = new JsonArray();
        inbox.visibleTo(call.actor()).forEach(task -> result.add(inbox.toJson(task)));
        return Reply.ok(result);
    }

    private Reply claim(Call call) {
        return Reply.ok(inbox.toJson(inbox.claim(call.actor(), call.path("id"))));
    }

    private Reply complete(Call call) {
        JsonObject body = call.body();
        Object values = body.getValue("values", new JsonObject());
        if (!(values instanceof JsonObject object)) {
            throw ProblemException.badRequest("values", "type", "must be an object of form field values");
        }
        inbox.complete(call.actor(), call.path("id"), object.getMap());
        return Reply.noContent();
    }

    private Reply instances(Call call) {
        String recordId = call.query("recordId");
        if (recordId == null || recordId.isBlank()) {
            throw ProblemException.badRequest("recordId", "required", "name the record whose processes to list");
        }
        if (!RECORD_ID.matcher(recordId).matches()) {
            throw ProblemException.badRequest("recordId", "format", "is not a record id");
        }
        return Reply.ok(history.forRecord(call.actor(), recordId));
    }
}
