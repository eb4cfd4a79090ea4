package io.voronka.process;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.engine.RepositoryService;

/**
 * The names of a process version's flow nodes in other languages (their {@code voronka:label}s,
 * see {@link Bpmn#labels}), read once per process definition: a deployed definition never changes,
 * and asking Flowable for its model is a command (three round trips) per task shown.
 */
public final class ElementLabels {

    private final RepositoryService repository;
    private final Map<String, Map<String, Map<String, String>>> byDefinition = new ConcurrentHashMap<>();

    public ElementLabels(RepositoryService repository) {
        this.repository = repository;
    }

    /** The labels of one element of a definition by language; empty when it has none or is not there. */
    public Map<String, String> of(String processDefinitionId, String elementId) {
        if (processDefinitionId == null || elementId == null) {
            return Map.of();
        }
        return byDefinition.computeIfAbsent(processDefinitionId, this::read).getOrDefault(elementId, Map.of());
    }

    private Map<String, Map<String, String>> read(String processDefinitionId) {
        BpmnModel model;
        try {
            model = repository.getBpmnModel(processDefinitionId);
        } catch (FlowableObjectNotFoundException e) {
            return Map.of(); // a definition deleted meanwhile: its history shows the names only
        }
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (Process process : model == null ? java.util.List.<Process>of() : model.getProcesses()) {
            for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
                Map<String, String> found = Bpmn.labels(element);
                if (!found.isEmpty()) {
                    labels.put(element.getId(), found);
                }
            }
        }
        return Map.copyOf(labels);
    }
}
