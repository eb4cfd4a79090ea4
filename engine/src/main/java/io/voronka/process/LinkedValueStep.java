package io.voronka.process;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.sql.Connection;
import java.util.Map;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/**
 * A service task that reads one field of the record the process's record links to, as it is now:
 * {@code <voronka:input name="link">contact_id</voronka:input>} names the link field of the
 * process's record, {@code <voronka:input name="field">email</voronka:input>} the field of the
 * linked record. The value lands in {@code <stepId>Result}, null when the link is empty or the
 * linked record is gone, so the process decides what to do without it. Process expressions read
 * only the process's own variables; this is how they reach a linked record (the deal's contact's
 * email for a survey).
 */
public final class LinkedValueStep implements JavaDelegate {

    private final RecordService records;

    public LinkedValueStep(RecordService records) {
        this.records = records;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Map<String, Object> inputs = StepInputs.evaluate(execution);
        String step = execution.getCurrentActivityId();
        Object entityName = execution.getVariable(ProcessVariables.ENTITY);
        Object recordId = execution.getVariable(ProcessVariables.RECORD_ID);
        if (entityName == null || recordId == null) {
            throw new FlowableException("step " + step + " runs in a process without a record");
        }
        EntityDefinition entity = records.entity(entityName.toString());
        FieldDefinition link = entity.field(text(inputs, "link", step))
                .filter(f -> f.type() == FieldType.LINK)
                .orElseThrow(() -> new FlowableException("step " + step + ": " + entity.name() + " has no link field '"
                        + inputs.get("link") + "'"));
        EntityDefinition linked = records.entity(link.link());
        String field = text(inputs, "field", step);
        if (linked.field(field).isEmpty()) {
            throw new FlowableException("step " + step + ": " + linked.name() + " has no field '" + field + "'");
        }
        Connection connection = FlowableTransaction.connection();
        Object value = records.find(connection, entity, recordId.toString())
                .map(record -> record.values().get(link.name()))
                .flatMap(linkedId -> records.find(connection, linked, linkedId.toString()))
                .map(RecordData::values).map(values -> values.get(field)).orElse(null);
        execution.setVariable(step + "Result", ProcessVariables.variable(value));
    }

    private static String text(Map<String, Object> inputs, String name, String step) {
        Object value = inputs.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new FlowableException("step " + step + " needs <voronka:input name=\"" + name + "\">");
        }
        return value.toString().trim();
    }
}
