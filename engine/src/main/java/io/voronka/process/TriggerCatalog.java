package io.voronka.process;

import io.voronka.kernel.event.RecordEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.ExtensionElement;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

/**
 * Which processes start on which record events, read from the latest version of each deployed
 * process: {@code <voronka:trigger entity="contact" on="created"/>} in the process's extensions.
 * The trigger lives in the BPMN so the designer edits it with the process.
 */
public final class TriggerCatalog {

    private final RepositoryService repository;
    private volatile List<Trigger> triggers = List.of();

    public TriggerCatalog(RepositoryService repository) {
        this.repository = repository;
    }

    public void reload() {
        List<Trigger> found = new ArrayList<>();
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
            BpmnModel model = repository.getBpmnModel(definition.getId());
            Process process = model.getProcessById(definition.getKey());
            if (process == null) {
                continue;
            }
            for (ExtensionElement trigger : Bpmn.extensions(process, "trigger")) {
                String entity = trigger.getAttributeValue(null, "entity");
                String on = trigger.getAttributeValue(null, "on");
                if (entity != null && on != null) {
                    found.add(new Trigger(definition.getKey(), entity,
                            RecordEvent.Type.valueOf(on.trim().toUpperCase(Locale.ROOT))));
                }
            }
        }
        triggers = List.copyOf(found);
    }

    public List<Trigger> matching(RecordEvent event) {
        return triggers.stream().filter(t -> t.entity().equals(event.entity()) && t.on() == event.type()).toList();
    }

    public List<Trigger> all() {
        return triggers;
    }
}
