package io.voronka.process;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;
import java.util.ArrayList;
import java.util.List;

/** The designer's surface, for admins: models (drafts), deployment, versions and migration of running instances. */
public final class ProcessModelRoutes {

    private static final String XML = "application/xml";

    static final Schema FINDING = Schema.object()
            .required("elementId", Schema.string().description("the BPMN element (or process) the finding is about"))
            .required("severity", Schema.enumOf("error", "warning"))
            .required("code", Schema.string().description("forbidden, expression, trigger, unsupported, not-executable, flowable, "
                    + "missing-form, unknown-form, unassigned, unknown-action, unknown-input, unbound-input, no-start, no-end"))
            .required("message", Schema.string())
            .named("ProcessFinding");
    public static final Schema MODEL = Schema.object()
            .required("id", Schema.string())
            .required("key", Schema.string().description("the first process's id: the key it deploys under"))
            .required("name", Schema.string().nullable())
            .required("revision", Schema.integer())
            .required("findings", Schema.arrayOf(FINDING))
            .required("savedBy", Schema.string())
            .required("savedAt", Schema.dateTime())
            .required("deployedDefinitionId", Schema.string().nullable().description("set once this revision was deployed"))
            .named("ProcessModel");
    static final Schema MODEL_DEPLOYED = Schema.object()
            .required("modelId", Schema.string())
            .required("revision", Schema.integer())
            .required("definitionId", Schema.string())
            .required("key", Schema.string())
            .required("name", Schema.string().nullable())
            .required("version", Schema.integer())
            .required("findings", Schema.arrayOf(FINDING).description("warnings that did not stop the deployment"))
            .named("ProcessModelDeployment");
    static final Schema VERSIONS = Schema.object()
            .required("key", Schema.string())
            .required("name", Schema.string().nullable())
            .required("versions", Schema.arrayOf(Schema.object()
                    .required("id", Schema.string())
                    .required("version", Schema.integer())
                    .required("deployedAt", Schema.dateTime().nullable())
                    .required("instances", Schema.integer().description("instances running on this version"))
                    .named("ProcessVersion")))
            .named("ProcessDefinitionVersions");
    static final Schema MIGRATION = Schema.object()
            .required("toDefinitionId", Schema.string())
            .optional("mappings", Schema.arrayOf(Schema.object()
                    .required("from", Schema.string().description("an activity of this version"))
                    .required("to", Schema.string().description("an activity of the target version"))
                    .named("ActivityMapping")))
            .named("MigrationRequest");
    static final Schema MIGRATION_PREVIEW = Schema.object()
            .required("fromDefinitionId", Schema.string())
            .required("toDefinitionId", Schema.string())
            .required("instances", Schema.arrayOf(Schema.object()
                    .required("id", Schema.string())
                    .required("recordId", Schema.string().nullable())
                    .required("activities", Schema.arrayOf(Schema.string()).description("where it waits now"))
                    .required("canMigrate", Schema.bool())
                    .required("unmapped", Schema.arrayOf(Schema.string()).description("activities with no place in the target"))
                    .required("messages", Schema.arrayOf(Schema.string()).description("Flowable's validation messages"))
                    .named("MigrationCandidate")))
            .named("MigrationPreview");
    static final Schema MIGRATED = Schema.object()
            .required("fromDefinitionId", Schema.string())
            .required("toDefinitionId", Schema.string())
            .required("migrated", Schema.integer())
            .named("MigrationResult");

    private final ProcessModels models;
    private final ProcessVersions versions;
    private final InstanceMigration migration;

    public ProcessModelRoutes(ProcessModels models, ProcessVersions versions, InstanceMigration migration) {
        this.models = models;
        this.versions = versions;
        this.migration = migration;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/process-models").tag("designer")
                .summary("Save a BPMN 2.0 document (application/xml or text/xml, at most 5 MB) as a new draft, kept byte for byte; "
                        + "answers the findings the designer shows")
                .body(XML, Schema.string().description("a BPMN 2.0 definitions document"))
                .answers(MODEL).status(201).admin(this::create);
        api.route(GET, "/api/v1/process-models").tag("designer").summary("Every model's newest revision")
                .answers(Schema.arrayOf(MODEL)).admin(call -> Reply.ok(json(models.list(), call.language())));
        api.route(GET, "/api/v1/process-models/:id").tag("designer")
                .summary("A model's newest revision with its findings checked again")
                .answers(MODEL).admin(call -> Reply.ok(ProcessModels.toJson(models.get(call.path("id")), call.language())));
        api.route(PUT, "/api/v1/process-models/:id").tag("designer").summary("Save a new draft revision of a model")
                .body(XML, Schema.string().description("a BPMN 2.0 definitions document"))
                .answers(MODEL).fails(409).admin(this::update);
        api.route(GET, "/api/v1/process-models/:id/xml").tag("designer")
                .summary("The exact bytes saved (?revision=n for an older revision)")
                .query("revision", Schema.integer().between(1, Integer.MAX_VALUE))
                .answers(XML, Schema.string()).admin(this::xml);
        api.route(POST, "/api/v1/process-models/:id/deploy").tag("designer")
                .summary("Deploy the newest revision; 422 with every error finding (elements Voronka does not run count)")
                .noBody().answers(MODEL_DEPLOYED).status(201).admin(this::deploy);
        api.route(GET, "/api/v1/process-definitions").tag("designer")
                .summary("Deployed processes by key, every version with the instances still running on it")
                .answers(Schema.arrayOf(VERSIONS)).admin(call -> Reply.ok(versions.all()));
        api.route(GET, "/api/v1/process-definitions/:id/xml").tag("designer").summary("The document a version was deployed from")
                .answers(XML, Schema.string()).admin(call -> Reply.document(versions.xml(call.path("id")), XML));
        api.route(POST, "/api/v1/process-definitions/:id/migration/preview").tag("designer")
                .summary("Which running instances of this version could move to another, and why not")
                .body(MIGRATION).answers(MIGRATION_PREVIEW).admin(this::preview);
        api.route(POST, "/api/v1/process-definitions/:id/migration").tag("designer")
                .summary("Move every running instance of this version to another, or none (422 naming what cannot move)")
                .body(MIGRATION).answers(MIGRATED).admin(this::migrate);
    }

    private Reply create(Call call) {
        return Reply.created(ProcessModels.toJson(models.save(call.actor(), null, call.xmlBytes()), call.language()));
    }

    private Reply update(Call call) {
        String id = call.path("id");
        models.requireExisting(id); // 404 before reading the body as a model
        return Reply.ok(ProcessModels.toJson(models.save(call.actor(), id, call.xmlBytes()), call.language()));
    }

    private Reply xml(Call call) {
        Integer revision = call.query("revision") == null ? null : call.intQuery("revision", 1, 1, Integer.MAX_VALUE);
        return Reply.document(models.xml(call.path("id"), revision), XML);
    }

    private Reply deploy(Call call) {
        ProcessModels.Deployment deployment = models.deploy(call.actor(), call.path("id"));
        ProcessDefinitions.Deployed deployed = deployment.deployed();
        JsonArray findings = new JsonArray();
        deployment.model().findings().forEach(f -> findings.add(f.toJson(call.language())));
        JsonObject body = new JsonObject().put("modelId", deployment.model().id())
                .put("revision", deployment.model().revision()).put("definitionId", deployed.id())
                .put("key", deployed.key()).put("name", deployed.name()).put("version", deployed.version())
                .put("findings", findings);
        return deployed.created() ? Reply.created(body) : Reply.ok(body);
    }

    private Reply preview(Call call) {
        JsonObject body = call.body();
        String from = call.path("id");
        String to = target(body);
        JsonArray instances = new JsonArray();
        migration.preview(from, to, mappings(body)).forEach(c -> instances.add(InstanceMigration.toJson(c)));
        return Reply.ok(new JsonObject().put("fromDefinitionId", from).put("toDefinitionId", to).put("instances", instances));
    }

    private Reply migrate(Call call) {
        JsonObject body = call.body();
        String from = call.path("id");
        String to = target(body);
        int migrated = migration.migrate(call.actor(), from, to, mappings(body));
        return Reply.ok(new JsonObject().put("fromDefinitionId", from).put("toDefinitionId", to).put("migrated", migrated));
    }

    private static String target(JsonObject body) {
        Object to = body.getValue("toDefinitionId");
        if (!(to instanceof String text) || text.isBlank()) {
            throw DomainError.malformed("toDefinitionId", to == null ? "required" : "type", Message.of("process.migration.target"));
        }
        return text;
    }

    private static List<InstanceMigration.Mapping> mappings(JsonObject body) {
        Object raw = body.getValue("mappings");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof JsonArray array) || array.size() > 500) {
            throw DomainError.malformed("mappings", "type", Message.of("process.migration.mappings", 500));
        }
        List<InstanceMigration.Mapping> mappings = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject mapping)) {
                throw DomainError.malformed("mappings[" + i + "]", "type", Message.of("process.migration.mapping"));
            }
            for (String side : List.of("from", "to")) {
                if (!(mapping.getValue(side) instanceof String text) || text.isBlank() || text.length() > 255) {
                    throw DomainError.malformed("mappings[" + i + "]." + side, "required", Message.of("process.migration.activity"));
                }
            }
            mappings.add(new InstanceMigration.Mapping(mapping.getString("from"), mapping.getString("to")));
        }
        return mappings;
    }

    private static JsonArray json(List<ProcessModels.Model> list, java.util.Locale language) {
        JsonArray result = new JsonArray();
        list.forEach(m -> result.add(ProcessModels.toJson(m, language)));
        return result;
    }
}
