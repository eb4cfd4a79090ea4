package io.voronka.bulk;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;

/** Mass actions and their jobs over HTTP. */
public final class BulkRoutes {

    static final Schema BULK_ACTION = Schema.object()
            .required("action", Schema.enumOf("update", "assign", "delete"))
            .optional("ids", Schema.arrayOf(Schema.string().maxLength(36)).description("the records chosen (at most 10000); or filter"))
            .optional("filter", Schema.string().maxLength(4000)
                    .description("a rule expression: every record it matches when the job starts; or ids"))
            .optional("values", Schema.mapOf(Schema.any()).description("update: the fields to set"))
            .optional("user", Schema.string().maxLength(100).description("assign: the user to make responsible"))
            .named("BulkAction");
    static final Schema JOB = Schema.object()
            .required("id", Schema.string())
            .required("entity", Schema.string())
            .required("action", Schema.enumOf("update", "assign", "delete"))
            .required("state", Schema.enumOf("queued", "running", "done", "failed"))
            .required("total", Schema.integer().description("records selected; 0 while a filter's selection is taken"))
            .required("done", Schema.integer().description("records changed"))
            .required("failed", Schema.integer().description("records refused, each in errors (the first 100)"))
            .optional("detail", Schema.string().description("why a failed job stopped"))
            .required("errors", Schema.arrayOf(Schema.object()
                    .required("id", Schema.string())
                    .required("detail", Schema.string())
                    .named("JobError")))
            .named("Job");

    private final BulkJobs jobs;

    public BulkRoutes(BulkJobs jobs) {
        this.jobs = jobs;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/records/:entity/bulk").tag("records")
                .summary("A mass action as a background job: update fields, assign to a user or delete (admins), on ids "
                        + "or on a filter's matches; each record as if changed by you, a refused one listed in the job")
                .body(BULK_ACTION).answers(Schema.object().required("jobId", Schema.string()).named("JobStarted"))
                .status(202).fails(403).signedIn(this::start);
        api.route(GET, "/api/v1/jobs/:id").tag("records")
                .summary("A background job's progress (yours; admins see every job); also sent as live notices of kind job")
                .answers(JOB).signedIn(this::get);
    }

    private Reply start(Call call) {
        return new Reply(202, new JsonObject().put("jobId", jobs.start(call.actor(), call.path("entity"), call.body())));
    }

    private Reply get(Call call) {
        BulkJob job = jobs.get(call.actor(), call.path("id"));
        JsonArray errors = new JsonArray();
        job.errors().forEach(e -> errors.add(new JsonObject().put("id", e.id()).put("detail", e.detail())));
        JsonObject answer = new JsonObject().put("id", job.id()).put("entity", job.entity()).put("action", job.action())
                .put("state", job.state()).put("total", job.total()).put("done", job.done()).put("failed", job.failed())
                .put("errors", errors);
        if (job.detail() != null) {
            answer.put("detail", job.detail());
        }
        return Reply.ok(answer);
    }
}
