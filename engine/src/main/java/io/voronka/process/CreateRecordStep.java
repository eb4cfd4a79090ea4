package io.voronka.process;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.access.Actor;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.util.Map;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/**
 * A service task that creates a record ({@code <voronka:entity>deal</voronka:entity>} plus inputs
 * for its fields) in the step's own transaction: the record exists if and only if the step
 * committed, so a retried step cannot create a second deal.
 */
public final class CreateRecordStep implements JavaDelegate {

    private final RecordService records;

    public CreateRecordStep(RecordService records) {
        this.records = records;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String entity = Bpmn.text(execution.getCurrentFlowElement(), "entity");
        if (entity == null) {
            throw new FlowableException("step " + execution.getCurrentActivityId() + " names no <voronka:entity>");
        }
        Map<String, Object> values = StepInputs.recordValues(execution);
        // The step acts as the system; history names the process that created the record.
        Actor actor = ProcessActor.of(execution);
        RecordData created;
        try {
            created = records.create(FlowableTransaction.connection(), Origin.PROCESS, actor, entity, values);
        } catch (DomainError e) {
            throw StepErrors.toBpmn(e, execution.getCurrentActivityId());
        }
        execution.setVariable(execution.getCurrentActivityId() + "RecordId", created.id());
    }
}
