package io.voronka.process;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.http.Schema;
import io.voronka.record.RecordRoutes;
import java.util.regex.Pattern;

/** Tasks and process instances over HTTP. */
public final class ProcessRoutes {

    private static final Pattern RECORD_ID = Pattern.compile("^[0-9a-fA-F-]{1,64}$");

    static final Schema TASK_FORM = Schema.object()
            .optional("key", Schema.string().nullable())
            .optional("label", Schema.string().nullable())
            .required("fields", Schema.arrayOf(RecordRoutes.FIELD))
            .named("TaskForm");
    static final Schema TASK = Schema.object()
            .required("id", Schema.string())
            .required("name", Schema.string().nullable())
            .required("processInstanceId", Schema.string())
            .required("processKey", Schema.string().nullable())
            .required("recordId", Schema.string().nullable())
            .required("entity", Schema.string().nullable())
            .required("assignee", Schema.string().nullable())
            .required("candidateGroups", Schema.arrayOf(Schema.string()))
            .required("createdAt", Schema.dateTime().nullable())
            .required("form", TASK_FORM)
            .named("Task");
    static final Schema ACTIVITY = Schema.object()
            .required("activityId", Schema.string())
            .required("name", Schema.string().nullable())
            .required("type", Schema.string())
            .required("assignee", Schema.string().nullable())
            .required("startedAt", Schema.dateTime())
            .required("endedAt", Schema.dateTime().nullable())
            .named("Activity");
    static final Schema STEP_FAILURE = Schema.object()
            .required("activityId", Schema.string())
            .required("name", Schema.string().nullable())
            .required("message", Schema.string().nullable().description("a short plain sentence, never exception text"))
            .required("incidentId", Schema.string().nullable().description("finds the full error for an operator"))
            .required("retriesLeft", Schema.integer())
            .required("incident", Schema.bool().description("true once no retries are left"))
            .named("StepFailure");
    static final Schema PROCESS_INSTANCE = Schema.object()
            .required("id", Schema.string())
            .required("processKey", Schema.string())
            .required("processName", Schema.string().nullable())
            .required("recordId", Schema.string().nullable())
            .required("startedAt", Schema.dateTime())
            .required("endedAt", Schema.dateTime().nullable())
            .required("state", Schema.enumOf("active", "completed", "failed"))
            .required("activities", Schema.arrayOf(ACTIVITY))
            .required("failures", Schema.arrayOf(STEP_FAILURE))
            .named("ProcessInstance");
    static final Schema COMPLETION = Schema.object()
            .optional("values", RecordRoutes.FIELD_VALUES.description("the task form's values, e.g. outcome and comment"))
            .named("TaskCompletion");

    private final Inbox inbox;
    private final ProcessHistory history;

    public ProcessRoutes(Inbox inbox, ProcessHistory history) {
        this.inbox = inbox;
        this.history = history;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/tasks").tag("tasks").summary("Tasks in the caller's inbox")
                .answers(Schema.arrayOf(TASK)).signedIn(this::list);
        api.route(POST, "/api/v1/tasks/:id/claim").tag("tasks").summary("Claim a task")
                .noBody().answers(TASK).fails(409).signedIn(this::claim);
        api.route(POST, "/api/v1/tasks/:id/complete").tag("tasks").summary("Complete a task with its form values")
                .body(COMPLETION).status(204).fails(403, 409).signedIn(this::complete);
        api.route(GET, "/api/v1/process-instances").tag("processes")
                .summary("Processes a record has been through (?recordId=)")
                .requiredQuery("recordId", Schema.string().description("the record's id"))
                .answers(Schema.arrayOf(PROCESS_INSTANCE)).signedIn(this::instances);
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
            throw DomainError.malformed("values", "type", "must be an object of form field values");
        }
        inbox.complete(call.actor(), call.path("id"), object.getMap());
        return Reply.noContent();
    }

    private Reply instances(Call call) {
        String recordId = call.query("recordId");
        if (recordId == null || recordId.isBlank()) {
            throw DomainError.malformed("recordId", "required", "name the record whose processes to list");
        }
        if (!RECORD_ID.matcher(recordId).matches()) {
            throw DomainError.malformed("recordId", "format", "is not a record id");
        }
        return Reply.ok(history.forRecord(call.actor(), recordId));
    }
}
