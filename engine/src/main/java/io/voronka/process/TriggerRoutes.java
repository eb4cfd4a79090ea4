package io.voronka.process;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;

/** Starting processes from outside: inbound webhooks, by hand for a record or a list, and the list job's progress. */
public final class TriggerRoutes {

    static final Schema STARTED = Schema.object()
            .required("processInstanceId", Schema.string())
            .required("processKey", Schema.string())
            .required("recordId", Schema.string())
            .named("ProcessStarted");
    static final Schema HOOK_RECEIVED = Schema.object()
            .required("processInstanceId", Schema.string().nullable()
                    .description("the process started or told the message; null when the hook threw a signal"))
            .required("signal", Schema.string().nullable().description("the signal the hook threw, heard by any process"))
            .required("replayed", Schema.bool().description("true when the Idempotency-Key was seen before: nothing new started"))
            .named("HookReceived");
    static final Schema HOOK_TOKEN = Schema.object()
            .required("key", Schema.string())
            .required("token", Schema.string().description("shown once; send it as X-Hook-Token"))
            .named("HookToken");
    static final Schema JOB = Schema.object()
            .required("id", Schema.string())
            .required("entity", Schema.string())
            .required("processKey", Schema.string())
            .required("state", Schema.enumOf("running", "done", "failed"))
            .required("total", Schema.integer())
            .required("done", Schema.integer())
            .required("failed", Schema.integer())
            .required("errors", Schema.arrayOf(Schema.object()
                    .required("id", Schema.string().nullable())
                    .required("detail", Schema.string().nullable())
                    .named("ProcessStartError")))
            .named("ProcessStartJob");

    private final Webhooks hooks;
    private final ProcessStarts starts;

    public TriggerRoutes(Webhooks hooks, ProcessStarts starts) {
        this.hooks = hooks;
        this.starts = starts;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/hooks/:key").tag("processes")
                .summary("Inbound webhook: starts the process whose trigger names this key, or delivers its message,"
                        + " or throws its signal (X-Hook-Token; Idempotency-Key)")
                .body(Schema.mapOf(Schema.any()).description("the payload; the trigger's fields become process variables"))
                .answers(HOOK_RECEIVED).status(201).fails(401).open(this::receive);
        api.route(POST, "/api/v1/hooks/:key/token").tag("processes").summary("Issue a new token for a webhook (the old one stops working)")
                .noBody().answers(HOOK_TOKEN).status(201).admin(this::token);
        api.route(POST, "/api/v1/records/:entity/:id/processes").tag("processes")
                .summary("Start a process with a manual trigger for this record")
                .body(Schema.object().required("key", Schema.string().maxLength(255)).named("ProcessStart"))
                .answers(STARTED).status(201).signedIn(this::startForRecord);
        api.route(POST, "/api/v1/records/:entity/processes").tag("processes")
                .summary("Start a process with a manual trigger for every record of a filtered list, as a job")
                .body(Schema.object().required("key", Schema.string().maxLength(255))
                        .optional("filter", Schema.string().description("a rule expression, as in record lists"))
                        .named("ProcessStartForList"))
                .answers(Schema.object().required("jobId", Schema.string()).named("ProcessStartJobId")).status(202)
                .signedIn(this::startForList);
        api.route(GET, "/api/v1/process-start-jobs/:id").tag("processes").summary("A list start job's progress")
                .answers(JOB).signedIn(this::job);
    }

    private Reply receive(Call call) {
        Webhooks.Received received = hooks.receive(call.path("key"), call.header("X-Hook-Token"),
                call.header("Idempotency-Key"), call.body());
        JsonObject body = new JsonObject().put("processInstanceId", received.processInstanceId())
                .put("signal", received.signal()).put("replayed", received.replayed());
        return received.replayed() ? Reply.ok(body) : Reply.created(body);
    }

    private Reply token(Call call) {
        String key = call.path("key");
        return Reply.created(new JsonObject().put("key", key).put("token", hooks.issueToken(call.actor(), key)));
    }

    private Reply startForRecord(Call call) {
        String key = key(call.body());
        String instance = starts.forRecord(call.actor(), call.path("entity"), call.path("id"), key);
        return Reply.created(new JsonObject().put("processInstanceId", instance).put("processKey", key)
                .put("recordId", call.path("id")));
    }

    private Reply startForList(Call call) {
        JsonObject body = call.body();
        Object filter = body.getValue("filter");
        if (filter != null && !(filter instanceof String)) {
            throw DomainError.malformed("filter", "type", Message.of("process.start.filter"));
        }
        String job = starts.forList(call.actor(), call.path("entity"), key(body), (String) filter);
        return new Reply(202, new JsonObject().put("jobId", job));
    }

    private Reply job(Call call) {
        return Reply.ok(starts.job(call.actor(), call.path("id")));
    }

    private static String key(JsonObject body) {
        Object key = body.getValue("key");
        if (!(key instanceof String text) || text.isBlank()) {
            throw DomainError.malformed("key", key == null ? "required" : "type", Message.of("process.start.key"));
        }
        return text;
    }
}
