package io.voronka.pipeline;

import io.voronka.kernel.error.DomainError;
import io.voronka.process.Bpmn;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.ExtensionElement;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

/**
 * The deployed processes that are pipelines: those whose newest version has lanes. A running
 * instance keeps the stages of its own version; versions never change once deployed, so their
 * stage maps are kept by definition id.
 */
public final class Pipelines {

    private final RepositoryService repository;
    private final Map<String, Optional<StageMap>> byDefinition = new ConcurrentHashMap<>();

    public Pipelines(RepositoryService repository) {
        this.repository = repository;
    }

    public List<Pipeline> list() {
        return repository.createProcessDefinitionQuery().latestVersion().active().list().stream()
                .sorted(Comparator.comparing(ProcessDefinition::getKey))
                .map(this::pipeline).flatMap(Optional::stream).toList();
    }

    /** The pipeline of the newest version of {@code processKey}; 404 when there is none or it has no lanes. */
    public Pipeline get(String processKey) {
        ProcessDefinition definition = processKey == null || processKey.length() > 255 ? null
                : repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion().singleResult();
        return Optional.ofNullable(definition).flatMap(this::pipeline)
                .orElseThrow(() -> DomainError.notFound("no pipeline '" + processKey + "' (a deployed process with lanes)"));
    }

    /** The stages of one process version (of a running instance, say); empty when it has no lanes. */
    public Optional<StageMap> stagesOf(String definitionId) {
        return byDefinition.computeIfAbsent(definitionId, id -> StageMap.of(mainProcess(id)));
    }

    private Optional<Pipeline> pipeline(ProcessDefinition definition) {
        return stagesOf(definition.getId()).map(stages -> new Pipeline(definition.getKey(), definition.getName(),
                definition.getVersion(), definition.getId(), triggerEntity(mainProcess(definition.getId())), stages));
    }

    private Process mainProcess(String definitionId) {
        BpmnModel model = repository.getBpmnModel(definitionId);
        return model == null ? null : model.getMainProcess();
    }

    private static String triggerEntity(Process process) {
        for (ExtensionElement trigger : Bpmn.extensions(process, "trigger")) {
            String entity = trigger.getAttributeValue(null, "entity");
            if (entity != null && !entity.isBlank()) {
                return entity;
            }
        }
        return null;
    }
}
