package io.voronka.process;

import io.voronka.kernel.event.Origin;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.sql.Connection;
import java.util.Map;
import org.flowable.task.service.delegate.DelegateTask;

/**
 * Makes the person a task was distributed to responsible for the task's record when nobody is yet:
 * under a read scope of "own" an assignee would otherwise be handed a task about a contact they
 * cannot open. Runs in the task's transaction, so the task and the responsible commit together.
 */
final class RecordResponsible {

    private final RecordService records;

    RecordResponsible(RecordService records) {
        this.records = records;
    }

    void fillIfEmpty(DelegateTask task, String assignee) {
        Object recordId = task.getVariable(ProcessVariables.RECORD_ID);
        Object entityName = task.getVariable(ProcessVariables.ENTITY);
        if (recordId == null || entityName == null || records.catalog().find(entityName.toString()).isEmpty()) {
            return;
        }
        EntityDefinition entity = records.entity(entityName.toString());
        String owner = records.ownerField(entity).orElse(null);
        if (owner == null) {
            return;
        }
        Connection connection = FlowableTransaction.connection();
        RecordData record = records.find(connection, entity, recordId.toString()).orElse(null);
        if (record == null || record.values().get(owner) != null) {
            return;
        }
        String processKey = task.getProcessDefinitionId() == null ? "process" : task.getProcessDefinitionId().split(":")[0];
        records.update(connection, Origin.PROCESS, ProcessActor.of(processKey), entity.name(), record.id(),
                null, Map.of(owner, assignee));
    }
}
