package io.voronka.process;

import static io.vertx.core.http.HttpMethod.GET;

import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;

/** One process instance for operators (admins): state, where it is and has been, variables with secrets blanked. */
public final class InstanceViewRoutes {

    static final Schema INSTANCE_VIEW = Schema.object()
            .required("id", Schema.string())
            .required("definitionId", Schema.string())
            .required("processKey", Schema.string())
            .required("processName", Schema.string().nullable())
            .required("version", Schema.integer().nullable())
            .required("recordId", Schema.string().nullable())
            .required("startedAt", Schema.dateTime())
            .required("endedAt", Schema.dateTime().nullable())
            .required("state", Schema.enumOf("active", "completed", "failed", "suspended")
                    .description("failed: a step stopped for good (see incidents)"))
            .required("currentActivities", Schema.arrayOf(Schema.string()))
            .required("completedActivities", Schema.arrayOf(Schema.string()).description("elements (and flows) already passed"))
            .required("variables", Schema.mapOf(Schema.any()).description("secrets (names with secret, password, token, "
                    + "apiKey, and what plugin secret inputs read) answer \"***\""))
            .required("activities", Schema.arrayOf(ProcessRoutes.ACTIVITY))
            .required("incidents", Schema.arrayOf(Schema.object()
                    .required("id", Schema.string())
                    .required("activityId", Schema.string().nullable())
                    .required("message", Schema.string().nullable())
                    .named("InstanceIncident")))
            .required("skips", Schema.arrayOf(Schema.object()
                    .required("incidentId", Schema.string())
                    .required("activityId", Schema.string().nullable())
                    .required("targetActivityId", Schema.string().nullable())
                    .required("reason", Schema.string())
                    .required("skippedBy", Schema.string())
                    .required("skippedAt", Schema.dateTime())
                    .named("StepSkip")))
            .named("ProcessInstanceView");

    private final InstanceView view;

    public InstanceViewRoutes(InstanceView view) {
        this.view = view;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/process-instances/:id").tag("processes")
                .summary("One process instance for operators: version, state, current and completed activities, variables, history")
                .answers(INSTANCE_VIEW).admin(call -> Reply.ok(view.of(call.path("id"))));
    }
}
