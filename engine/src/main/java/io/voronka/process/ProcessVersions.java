package io.voronka.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import java.io.IOException;
import java.io.InputStream;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;

/**
 * Deployed processes by key with every version and how many instances still run on each: running
 * instances stay on the version they started on until an admin migrates them.
 */
public final class ProcessVersions {

    private final RepositoryService repository;
    private final RuntimeService runtime;

    public ProcessVersions(RepositoryService repository, RuntimeService runtime) {
        this.repository = repository;
        this.runtime = runtime;
    }

    /** {@code [{"key","name","versions":[{"id","version","deployedAt","instances"}]}]}, newest version first. */
    public JsonArray all() {
        List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery()
                .orderByProcessDefinitionKey().asc().orderByProcessDefinitionVersion().desc().list();
        Map<String, Date> deployedAt = new HashMap<>();
        for (Deployment deployment : repository.createDeploymentQuery().list()) {
            deployedAt.put(deployment.getId(), deployment.getDeploymentTime());
        }
        Map<String, JsonObject> byKey = new LinkedHashMap<>();
        for (ProcessDefinition definition : definitions) {
            JsonObject process = byKey.computeIfAbsent(definition.getKey(), key -> new JsonObject().put("key", key)
                    .put("name", definition.getName()).put("versions", new JsonArray()));
            Date at = deployedAt.get(definition.getDeploymentId());
            process.getJsonArray("versions").add(new JsonObject()
                    .put("id", definition.getId())
                    .put("version", definition.getVersion())
                    .put("deployedAt", at == null ? null : at.toInstant().toString())
                    .put("instances", runtime.createProcessInstanceQuery().processDefinitionId(definition.getId()).count()));
        }
        return new JsonArray(List.copyOf(byKey.values()));
    }

    /** The document a version was deployed from, as deployed. */
    public byte[] xml(String definitionId) {
        ProcessDefinition definition = definition(definitionId);
        try (InputStream in = repository.getResourceAsStream(definition.getDeploymentId(), definition.getResourceName())) {
            return in.readAllBytes();
        } catch (IOException | FlowableObjectNotFoundException e) {
            throw DomainError.notFound(Message.of("process.definition.document", definitionId));
        }
    }

    ProcessDefinition definition(String definitionId) {
        if (definitionId == null || definitionId.length() > 64) {
            throw DomainError.notFound(Message.of("process.definition.none", definitionId));
        }
        ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionId(definitionId).singleResult();
        if (definition == null) {
            throw DomainError.notFound(Message.of("process.definition.none", definitionId));
        }
        return definition;
    }
}
