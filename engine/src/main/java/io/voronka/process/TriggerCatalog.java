package io.voronka.process;

import io.voronka.kernel.event.RecordEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.ExtensionElement;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which processes start on what, read from the latest version of each deployed process:
 * {@code <voronka:trigger on="created" entity="contact"/>} and the other kinds of {@link Trigger}
 * in the process's extensions. The trigger lives in the BPMN so the designer edits it with the process.
 */
public final class TriggerCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerCatalog.class);

    private final RepositoryService repository;
    private volatile List<Trigger> triggers = List.of();
    /** Process key to the id of the version the triggers were read from. */
    private volatile Map<String, String> definitionIds = Map.of();

    public TriggerCatalog(RepositoryService repository) {
        this.repository = repository;
    }

    public void reload() {
        List<Trigger> found = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
            ids.put(definition.getKey(), definition.getId());
            BpmnModel model = repository.getBpmnModel(definition.getId());
            Process process = model.getProcessById(definition.getKey());
            if (process == null) {
                continue;
            }
            for (ExtensionElement trigger : Bpmn.extensions(process, "trigger")) {
                try {
                    found.add(Trigger.parse(definition.getKey(), trigger));
                } catch (IllegalArgumentException e) {
                    // deployed before the policy knew this check: the rest of the catalog still works
                    LOG.warn("process {}: trigger ignored: {}", definition.getKey(), e.getMessage());
                }
            }
        }
        definitionIds = Map.copyOf(ids);
        triggers = List.copyOf(found);
    }

    /**
     * The version of {@code processKey} this catalog was read from: a trigger starts it by id, which
     * spares Flowable's query for the latest version on every start. It is as fresh as the triggers
     * themselves: reloaded at once on the node that deploys, and by the catalog sync's check on the others.
     */
    public Optional<String> definitionId(String processKey) {
        return Optional.ofNullable(definitionIds.get(processKey));
    }

    public List<Trigger> matching(RecordEvent event) {
        return triggers.stream().filter(t -> t.matches(event)).toList();
    }

    public List<Trigger> ofKind(Trigger.Kind kind) {
        return triggers.stream().filter(t -> t.on() == kind).toList();
    }

    public Optional<Trigger> manual(String processKey, String entity) {
        return triggers.stream().filter(t -> t.on() == Trigger.Kind.MANUAL && t.processKey().equals(processKey)
                && t.entity().equals(entity)).findFirst();
    }

    public Optional<Trigger> webhook(String hook) {
        return triggers.stream().filter(t -> t.on() == Trigger.Kind.WEBHOOK && t.hook().equals(hook)).findFirst();
    }

    public List<Trigger> all() {
        return triggers;
    }
}
