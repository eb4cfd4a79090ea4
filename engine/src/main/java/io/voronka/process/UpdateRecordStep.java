package io.voronka.process;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import io.voronka.record.RecordService;
import java.util.Map;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/**
 * A service task that changes the process's own record ({@code <voronka:input name="field">}
 * per field) in the step's transaction. It acts as {@code process:<key>}, which is what keeps this
 * process's own triggers from firing on the change ({@link ProcessTriggers#startedByItself}).
 */
public final class UpdateRecordStep implements JavaDelegate {

    private final RecordService records;

    public UpdateRecordStep(RecordService records) {
        this.records = records;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object entity = execution.getVariable(ProcessVariables.ENTITY);
        Object recordId = execution.getVariable(ProcessVariables.RECORD_ID);
        if (entity == null || recordId == null) {
            throw new FlowableException("step " + execution.getCurrentActivityId() + " runs in a process without a record");
        }
        Map<String, Object> values = StepInputs.recordValues(execution);
        Actor actor = ProcessActor.of(execution);
        try {
            records.update(FlowableTransaction.connection(), Origin.PROCESS, actor, entity.toString(), recordId.toString(),
                    null, values);
        } catch (DomainError e) {
            throw StepErrors.toBpmn(e, execution.getCurrentActivityId());
        }
        values.forEach(execution::setVariable);
    }
}
