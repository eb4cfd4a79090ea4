package io.voronka.pipeline;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;
import io.voronka.record.RecordRoutes;

/** Pipelines over HTTP: the list, a pipeline's board, moving a record to a stage. */
public final class PipelineRoutes {

    static final Schema STAGE = Schema.object()
            .required("key", Schema.string())
            .required("label", Schema.string())
            .required("labels", Schema.mapOf(Schema.string()).description("the stage's name in other languages by language code (the lane's voronka:label elements)"))
            .required("outcome", Schema.enumOf("won", "lost").nullable().description("lost: a move there needs a loss reason"))
            .named("PipelineStage");
    static final Schema PIPELINE = Schema.object()
            .required("key", Schema.string().description("the process key"))
            .required("name", Schema.string().nullable())
            .required("version", Schema.integer())
            .required("entity", Schema.string().nullable().description("the entity the process's trigger names"))
            .required("stages", Schema.arrayOf(STAGE))
            .named("Pipeline");
    static final Schema CARD = Schema.object()
            .required("entity", Schema.string())
            .required("id", Schema.string())
            .required("version", Schema.integer())
            .required("title", Schema.string())
            .required("stages", Schema.arrayOf(Schema.string()).description("every stage the record is in (parallel branches)"))
            .required("running", Schema.bool().description("false once its process ended (in a won or lost stage, say)"))
            .named("PipelineCard");
    static final Schema BOARD = Schema.object()
            .required("pipeline", PIPELINE)
            .required("stages", Schema.arrayOf(Schema.object()
                    .required("key", Schema.string())
                    .required("label", Schema.string())
                    .required("labels", Schema.mapOf(Schema.string()).description("the stage's name in other languages by language code (the lane's voronka:label elements)"))
                    .required("outcome", Schema.enumOf("won", "lost").nullable())
                    .required("count", Schema.integer().description("records in the stage the reader may read"))
                    .required("cards", Schema.arrayOf(CARD).description("the newest changed first, up to limit"))
                    .named("PipelineColumn")))
            .named("PipelineBoard");
    static final Schema MOVE = Schema.object()
            .required("to", Schema.string().maxLength(255).description("the stage key"))
            .optional("values", RecordRoutes.FIELD_VALUES.description("the completed task's form values"))
            .optional("lossReason", Schema.string().maxLength(100).description("required for a lost stage; one of the entity's loss reasons"))
            .optional("lossComment", Schema.string().maxLength(2000).description("required when the loss reason is other"))
            .named("StageMove");
    static final Schema MOVED = Schema.object()
            .required("entity", Schema.string())
            .required("id", Schema.string())
            .required("stages", Schema.arrayOf(Schema.string()))
            .named("StageMoved");

    static final java.util.List<String> AUTOMATION_SETTINGS = java.util.List.of("name", "to", "subject", "body", "action",
            "candidateGroups", "duration", "field", "value");
    static final Schema AUTOMATION = Schema.object()
            .required("stage", Schema.string().maxLength(255).description("the lane's stage key (or id)"))
            .required("kind", Schema.enumOf("message", "task", "wait", "field"))
            .optional("name", Schema.string().maxLength(4000).description("the step's name on the diagram"))
            .optional("to", Schema.string().maxLength(4000).description("message: recipient template, e.g. ${email}"))
            .optional("subject", Schema.string().maxLength(4000).description("message: subject template"))
            .optional("body", Schema.string().maxLength(4000).description("message: body template"))
            .optional("action", Schema.string().maxLength(4000).description("message: the plugin action, default email.send"))
            .optional("candidateGroups", Schema.string().maxLength(4000).description("task: who may take it, default manager"))
            .optional("duration", Schema.string().maxLength(4000).description("wait: ISO-8601, e.g. P1D"))
            .optional("field", Schema.string().maxLength(4000).description("field: the record field to set"))
            .optional("value", Schema.string().maxLength(4000).description("field: the value or a template"))
            .named("StageAutomation");

    static final Schema AUTOMATIONS = Schema.object()
            .required("model", io.voronka.process.ProcessModelRoutes.MODEL.nullable()
                    .description("the model they are in (open it in the designer to deploy); null: none saved yet"))
            .required("automations", Schema.arrayOf(Schema.object()
                    .required("id", Schema.string().description("the automation's step, for DELETE"))
                    .required("kind", Schema.enumOf("message", "task", "wait", "field"))
                    .required("stage", Schema.string())
                    .required("name", Schema.string().nullable())
                    .required("before", Schema.string().description("the step of the stage it runs before"))
                    .required("elements", Schema.arrayOf(Schema.string()).description("ids of the BPMN elements it added"))
                    .required("fragment", Schema.string().description("those elements as BPMN XML"))
                    .named("StageAutomationItem")))
            .named("StageAutomations");

    private final Pipelines pipelines;
    private final PipelineBoard board;
    private final StageMoves moves;
    private final StageAutomations automations;

    public PipelineRoutes(Pipelines pipelines, PipelineBoard board, StageMoves moves, StageAutomations automations) {
        this.pipelines = pipelines;
        this.board = board;
        this.moves = moves;
        this.automations = automations;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/pipelines").tag("pipelines")
                .summary("Deployed processes with lanes, each lane a stage in document order")
                .answers(Schema.arrayOf(PIPELINE)).signedIn(this::list);
        api.route(GET, "/api/v1/pipelines/:processKey/board").tag("pipelines")
                .summary("Records by current stage; a record waiting in parallel branches is in each of their stages")
                .query("filter", Schema.string().description("a list filter in the rule language over the pipeline's entity"))
                .query("limit", Schema.integer().description("cards per stage, 1..500, default 100"))
                .answers(BOARD).signedIn(this::board);
        api.route(POST, "/api/v1/pipelines/:processKey/records/:entity/:id/move").tag("pipelines")
                .summary("Move a record to a stage the way its process allows: completes the one task or delivers the one "
                        + "message or signal that leads there; 409 code stage-refused says why not")
                .body(MOVE).answers(MOVED).fails(403, 409).signedIn(this::move);
        if (automations != null) {
            api.route(POST, "/api/v1/process-models/:id/automations").tag("pipelines")
                    .summary("Add a stage automation (send a message, create a task, wait, set a field on entering the stage) "
                            + "as a visible BPMN step in the stage's lane: a new draft revision of the model")
                    .body(AUTOMATION).answers(Schema.object().required("model", io.voronka.process.ProcessModelRoutes.MODEL)
                            .required("steps", Schema.arrayOf(Schema.string()).description("ids of the inserted steps"))
                            .named("AutomatedModel"))
                    .status(201).admin(this::automate);
            api.route(GET, "/api/v1/pipelines/:processKey/automations").tag("pipelines")
                    .summary("A pipeline's stage automations, each with the BPMN fragment it added, from the model the admin "
                            + "edits for it (the newest saved with its key), or from the deployed version while none exists")
                    .answers(AUTOMATIONS).admin(call -> Reply.ok(automations.ofPipeline(call.path("processKey"), call.language())));
            api.route(POST, "/api/v1/pipelines/:processKey/automations").tag("pipelines")
                    .summary("Add a stage automation to the pipeline's model (a new one from the deployed version when none "
                            + "exists): a new draft revision; deploy it from the designer")
                    .body(AUTOMATION).answers(AUTOMATIONS).status(201).admin(this::automatePipeline);
            api.route(DELETE, "/api/v1/pipelines/:processKey/automations/:id").tag("pipelines")
                    .summary("Remove a stage automation: its elements go and the flows into it lead where it led; a new draft revision")
                    .answers(AUTOMATIONS).admin(this::removeAutomation);
        }
    }

    private Reply automatePipeline(Call call) {
        String key = call.path("processKey");
        automations.add(call.actor(), automations.modelFor(call.actor(), key), automation(call.body()), call.language());
        return Reply.created(automations.ofPipeline(key, call.language()));
    }

    private Reply removeAutomation(Call call) {
        String key = call.path("processKey");
        automations.remove(call.actor(), automations.modelFor(call.actor(), key), call.path("id"), call.language());
        return Reply.ok(automations.ofPipeline(key, call.language()));
    }

    private Reply automate(Call call) {
        return Reply.created(automations.add(call.actor(), call.path("id"), automation(call.body()), call.language()));
    }

    private static StageAutomations.Automation automation(JsonObject body) {
        java.util.Map<String, String> settings = new java.util.HashMap<>();
        for (String name : AUTOMATION_SETTINGS) {
            String value = text(body, name);
            if (value != null) {
                settings.put(name, value);
            }
        }
        return new StageAutomations.Automation(text(body, "stage"), text(body, "kind"), settings);
    }

    private Reply list(Call call) {
        JsonArray list = new JsonArray();
        pipelines.list().forEach(p -> list.add(pipelineJson(p)));
        return Reply.ok(list);
    }

    private Reply board(Call call) {
        String filter = call.query("filter");
        return Reply.ok(board.board(call.actor(), call.path("processKey"), filter == null || filter.isBlank() ? null : filter,
                call.intQuery("limit", 100, 1, 500)));
    }

    private Reply move(Call call) {
        JsonObject body = call.body();
        Object values = body.getValue("values", new JsonObject());
        if (!(values instanceof JsonObject object)) {
            throw DomainError.malformed("values", "type", "must be an object of form field values");
        }
        StageMoves.Move move = new StageMoves.Move(text(body, "to"), object.getMap(), text(body, "lossReason"),
                text(body, "lossComment"));
        return Reply.ok(moves.move(call.actor(), call.path("processKey"), call.path("entity"), call.path("id"), move));
    }

    private static String text(JsonObject body, String name) {
        Object value = body.getValue(name);
        if (value != null && !(value instanceof String)) {
            throw DomainError.malformed(name, "type", "must be a string");
        }
        return (String) value;
    }

    static JsonObject stageJson(Stage stage) {
        return new JsonObject().put("key", stage.key()).put("label", stage.label())
                .put("labels", new JsonObject(new java.util.LinkedHashMap<>(stage.labels()))).put("outcome", stage.outcome());
    }

    static JsonObject pipelineJson(Pipeline pipeline) {
        JsonArray stages = new JsonArray();
        pipeline.stages().stages().forEach(s -> stages.add(stageJson(s)));
        return new JsonObject().put("key", pipeline.key()).put("name", pipeline.name()).put("version", pipeline.version())
                .put("entity", pipeline.entity()).put("stages", stages);
    }
}
