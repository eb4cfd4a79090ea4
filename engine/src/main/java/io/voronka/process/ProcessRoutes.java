package io.voronka.process;

import static io.vertx.core.http.HttpMethod.GET;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.http.Schema;
import io.voronka.record.RecordRoutes;
import java.util.regex.Pattern;

/** Process instances over HTTP (tasks: {@link InboxRoutes}). */
public final class ProcessRoutes {

    private static final Pattern RECORD_ID = Pattern.compile("^[0-9a-fA-F-]{1,64}$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z0-9_.:-]{1,255}$");
    private static final java.util.List<String> STATES = java.util.List.of("active", "completed", "failed");

    static final Schema ACTIVITY = Schema.object()
            .required("activityId", Schema.string())
            .required("name", Schema.string().nullable())
            .required("labels", Schema.mapOf(Schema.string()).description("the step's name in other languages by language code"))
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
            .required("definitionId", Schema.string().description("the version it runs on"))
            .required("version", Schema.integer().nullable())
            .required("recordId", Schema.string().nullable())
            .required("startedAt", Schema.dateTime())
            .required("endedAt", Schema.dateTime().nullable())
            .required("state", Schema.enumOf("active", "completed", "failed"))
            .required("activities", Schema.arrayOf(ACTIVITY))
            .required("failures", Schema.arrayOf(STEP_FAILURE))
            .named("ProcessInstance");
    private final ProcessHistory history;

    public ProcessRoutes(ProcessHistory history) {
        this.history = history;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/process-instances").tag("processes")
                .summary("Processes a record has been through (?recordId=); for admins without it, instances of any record")
                .query("recordId", Schema.string().description("the record's id; required unless the caller is an admin"))
                .query("definitionId", Schema.string().description("admins, without recordId: one version"))
                .query("processKey", Schema.string().description("admins, without recordId: every version of a process"))
                .query("state", Schema.enumOf(STATES.toArray(String[]::new)).description("admins, without recordId"))
                .query("limit", Schema.integer().description("admins, without recordId: 1..500, default 100"))
                .answers(Schema.arrayOf(PROCESS_INSTANCE)).signedIn(this::instances);
    }

    private Reply instances(Call call) {
        String recordId = call.query("recordId");
        if ((recordId == null || recordId.isBlank()) && call.actor().isAdmin()) {
            return Reply.ok(history.list(identifier(call, "definitionId"), identifier(call, "processKey"), state(call),
                    call.intQuery("limit", 100, 1, 500)));
        }
        if (recordId == null || recordId.isBlank()) {
            throw DomainError.malformed("recordId", "required", Message.of("process.list.record"));
        }
        if (!RECORD_ID.matcher(recordId).matches()) {
            throw DomainError.malformed("recordId", "format", Message.of("process.list.record-id"));
        }
        return Reply.ok(history.forRecord(call.actor(), recordId));
    }

    private static String identifier(Call call, String name) {
        String value = call.query(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw DomainError.malformed(name, "format", Message.of("process.list.key"));
        }
        return value;
    }

    private static String state(Call call) {
        String state = call.query("state");
        if (state == null || state.isBlank()) {
            return null;
        }
        if (!STATES.contains(state)) {
            throw DomainError.malformed("state", "enum", Message.of("process.list.state", String.join(", ", STATES)));
        }
        return state;
    }
}
