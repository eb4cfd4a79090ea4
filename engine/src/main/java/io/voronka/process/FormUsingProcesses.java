package io.voronka.process;

import io.voronka.form.TaskFormUsers;
import java.util.ArrayList;
import java.util.List;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.UserTask;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

/**
 * The deployed processes whose user tasks name a task form, read from the BPMN Flowable holds (its
 * models are cached, so a look is cheap). The newest version of each process counts: that is what
 * new instances start on; a task of an older version whose form is gone asks for nothing.
 */
final class FormUsingProcesses implements TaskFormUsers {

    private final RepositoryService repository;

    FormUsingProcesses(RepositoryService repository) {
        this.repository = repository;
    }

    @Override
    public List<String> processesNaming(String formKey) {
        List<String> naming = new ArrayList<>();
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion()
                .orderByProcessDefinitionKey().asc().list()) {
            BpmnModel model = repository.getBpmnModel(definition.getId());
            List<String> tasks = model.getProcesses().stream()
                    .flatMap(process -> process.findFlowElementsOfType(UserTask.class, true).stream())
                    .filter(task -> formKey.equals(task.getFormKey())).map(UserTask::getId).toList();
            if (!tasks.isEmpty()) {
                naming.add(definition.getKey() + " v" + definition.getVersion() + " (" + String.join(", ", tasks) + ")");
            }
        }
        return naming;
    }
}
