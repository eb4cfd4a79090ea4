package io.voronka.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.storage.Database;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The designer's process models: drafts saved as the exact bytes sent, every revision kept, each
 * answered with what the designer should show on its elements (findings); a model is deployed
 * only when it has no errors. Storage never goes through Flowable's converter, so a model made by
 * another modeler keeps every element, extension, namespace and diagram shape it had.
 */
public final class ProcessModels {

    private static final Pattern ID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private final Database database;
    private final ProcessModelStore store;
    private final ProcessReview review;
    private final ProcessDefinitions definitions;

    public ProcessModels(Database database, ProcessPolicy policy, StepActions actions, ProcessDefinitions definitions) {
        this.database = database;
        this.store = new ProcessModelStore(database.dialect());
        this.review = new ProcessReview(policy, actions, definitions::isDeployed);
        this.definitions = definitions;
    }

    /** A revision of a model with its findings. */
    public record Model(String id, int revision, String key, String name, List<ProcessFinding> findings, String savedBy,
                        LocalDateTime savedAt, String deployedDefinitionId) {
        Model withDeployed(String definitionId) {
            return new Model(id, revision, key, name, findings, savedBy, savedAt, definitionId);
        }
    }

    /** What deploying a model left in force. */
    public record Deployment(Model model, ProcessDefinitions.Deployed deployed) {
    }

    /** Saves a new model (id null) or a new revision of one; the document is stored whatever its findings. */
    public Model save(Actor actor, String id, byte[] bytes) {
        BpmnDocument document = BpmnDocument.read(bytes);
        List<ProcessFinding> findings = review.findings(document, false);
        JsonArray stored = new JsonArray();
        findings.forEach(f -> stored.add(f.toStored()));
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        return database.inTransaction(c -> {
            int revision = 1;
            String modelId = id;
            if (modelId == null) {
                modelId = UUID.randomUUID().toString();
            } else {
                revision = store.latest(c, checked(modelId)).orElseThrow(() -> missing(id)).revision() + 1;
            }
            ProcessModelStore.Revision row = new ProcessModelStore.Revision(modelId, revision, clip(document.key()),
                    clip(document.name()), stored.encode(), actor.username(), now, null);
            try {
                store.insert(c, row, bytes);
            } catch (org.jooq.exception.IntegrityConstraintViolationException e) {
                throw DomainError.conflict(Message.of("process.model.raced", modelId));
            }
            return new Model(modelId, revision, row.key(), row.name(), findings, row.savedBy(), now, null);
        });
    }

    /** 404 unless the model exists. */
    public void requireExisting(String id) {
        latest(id);
    }

    /** The newest revision of every model, with the findings it was saved with. */
    public List<Model> list() {
        return database.withConnection(store::latestOfEach).stream().map(r -> model(r, stored(r))).toList();
    }

    /** The newest revision, its findings checked again (installed plugins and entities may have changed). */
    public Model get(String id) {
        ProcessModelStore.Revision revision = latest(id);
        return model(revision, review.findings(BpmnDocument.read(document(id, revision.revision())), false));
    }

    /** The exact bytes saved for a revision (the newest when {@code revision} is null). */
    public byte[] xml(String id, Integer revision) {
        int wanted = revision != null ? revision : latest(id).revision();
        return document(id, wanted);
    }

    /** Deploys the newest revision; errors (what Voronka does not run counts as one here) answer 422 naming each element. */
    public Deployment deploy(Actor actor, String id) {
        ProcessModelStore.Revision revision = latest(id);
        BpmnDocument document = BpmnDocument.read(document(id, revision.revision()));
        List<ProcessFinding> findings = review.findings(document, true);
        List<ValidationProblem> errors = findings.stream().filter(ProcessFinding::isError)
                .map(f -> new ValidationProblem(f.elementId(), f.code(), f.text())).toList();
        if (!errors.isEmpty()) {
            throw DomainError.invalid(errors);
        }
        ProcessDefinitions.Deployed deployed;
        try {
            deployed = definitions.deployDocument(actor, document.key(), document.bytes());
        } catch (org.flowable.common.engine.api.FlowableException e) {
            // What Flowable's parser refuses beyond its validator: the model's fault, not the server's.
            String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw DomainError.invalid("definitions", "flowable", Message.of("process.model.flowable",
                    reason.length() > 300 ? reason.substring(0, 300) + "…" : reason));
        }
        database.withConnection(c -> {
            store.deployed(c, id, revision.revision(), deployed.id());
            return null;
        });
        return new Deployment(model(revision, findings).withDeployed(deployed.id()), deployed);
    }

    /** The model with its findings worded in {@code language}. */
    public static JsonObject toJson(Model model, java.util.Locale language) {
        JsonArray findings = new JsonArray();
        model.findings().forEach(f -> findings.add(f.toJson(language)));
        return new JsonObject().put("id", model.id()).put("key", model.key()).put("name", model.name())
                .put("revision", model.revision()).put("findings", findings).put("savedBy", model.savedBy())
                .put("savedAt", model.savedAt().toInstant(ZoneOffset.UTC).toString())
                .put("deployedDefinitionId", model.deployedDefinitionId());
    }

    private ProcessModelStore.Revision latest(String id) {
        return database.withConnection(c -> store.latest(c, checked(id))).orElseThrow(() -> missing(id));
    }

    private byte[] document(String id, int revision) {
        return database.withConnection(c -> store.document(c, checked(id), revision))
                .orElseThrow(() -> DomainError.notFound(Message.of("process.model.revision", id, revision)));
    }

    private static List<ProcessFinding> stored(ProcessModelStore.Revision revision) {
        return new JsonArray(revision.findings()).stream().map(o -> ProcessFinding.fromStored((JsonObject) o)).toList();
    }

    private static Model model(ProcessModelStore.Revision r, List<ProcessFinding> findings) {
        return new Model(r.id(), r.revision(), r.key(), r.name(), findings, r.savedBy(), r.savedAt(), r.deployedDefinitionId());
    }

    private static String checked(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw missing(id);
        }
        return id;
    }

    private static DomainError missing(String id) {
        return DomainError.notFound(Message.of("process.model.none", id));
    }

    private static String clip(String text) {
        return text == null || text.length() <= 255 ? text : text.substring(0, 255);
    }
}
