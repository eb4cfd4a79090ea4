package io.voronka.process;

import io.voronka.kernel.error.DomainError;
import io.voronka.record.RecordData;
import io.voronka.record.RecordPage;
import io.voronka.record.RecordQuery;
import io.voronka.record.RecordService;
import java.util.Map;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.impl.util.CommandContextUtil;

/**
 * A service task that starts another process once for each record a rule-language filter finds:
 * {@code <voronka:entity>contact</voronka:entity>}, {@code <voronka:filter>month(birth_date) == ...</voronka:filter>},
 * {@code <voronka:process>birthday-greeting</voronka:process>} and at most {@code <voronka:limit>} records
 * (500 unless given). How a scheduled process reaches the records it is about: each record gets its own
 * instance (business key = the record's id, its fields as variables, as a record trigger starts one), so
 * the work shows on the record's card and each record's steps fail and retry alone.
 * <p>
 * The starts share the step's transaction: a tick starts all of them or none. A record whose process is
 * still running is passed over, so a slow tick never doubles a greeting; what a process must not repeat
 * across ticks (once a year, once per inactivity), its filter excludes by a field the process sets.
 * The started process names the entity in a manual trigger, which gives its expressions the fields.
 * Leaves the number started in {@code <id>Result}.
 */
public final class StartForEachStep implements JavaDelegate {

    static final int DEFAULT_LIMIT = 500;
    private static final int PAGE = 100;

    private final RecordService records;

    public StartForEachStep(RecordService records) {
        this.records = records;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String entity = required(execution, "entity");
        String filter = required(execution, "filter");
        String process = required(execution, "process");
        int limit = limit(execution);
        RuntimeService runtime = CommandContextUtil.getProcessEngineConfiguration().getRuntimeService();
        var actor = ProcessActor.of(execution);
        int started = 0;
        String after = null;
        try {
            do {
                RecordQuery.Request request = RecordQuery.Request.firstPage(Map.of(), filter, Math.min(PAGE, limit - started));
                RecordPage page = records.list(FlowableTransaction.connection(), actor, entity,
                        after == null ? request : request.continuedFrom(after));
                for (RecordData record : page.items()) {
                    if (running(runtime, process, record.id())) {
                        continue;
                    }
                    Map<String, Object> variables = ProcessVariables.of(record);
                    variables.put("startedBy", actor.username());
                    runtime.startProcessInstanceByKey(process, record.id(), variables);
                    started++;
                }
                after = page.next();
            } while (after != null && started < limit);
        } catch (DomainError e) {
            throw StepErrors.toBpmn(e, execution.getCurrentActivityId());
        }
        execution.setVariable(execution.getCurrentActivityId() + "Result", started);
    }

    private static boolean running(RuntimeService runtime, String process, String recordId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(process).processInstanceBusinessKey(recordId)
                .count() > 0;
    }

    private static String required(DelegateExecution execution, String name) {
        String value = Bpmn.text(execution.getCurrentFlowElement(), name);
        if (value == null || value.isEmpty()) {
            throw new FlowableException("step " + execution.getCurrentActivityId() + " names no <voronka:" + name + ">");
        }
        return value;
    }

    private static int limit(DelegateExecution execution) {
        String text = Bpmn.text(execution.getCurrentFlowElement(), "limit");
        try {
            int limit = text == null ? DEFAULT_LIMIT : Integer.parseInt(text);
            if (limit < 1 || limit > 10_000) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new FlowableException("step " + execution.getCurrentActivityId() + ": <voronka:limit> must be 1 to 10000");
        }
    }
}
