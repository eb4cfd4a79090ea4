package io.voronka.process;

import java.util.List;
import org.flowable.bpmn.model.MapExceptionEntry;
import org.flowable.common.engine.api.delegate.Expression;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.impl.bpmn.behavior.ServiceTaskDelegateExpressionActivityBehavior;
import org.flowable.engine.impl.bpmn.helper.DelegateExpressionUtil;
import org.flowable.engine.impl.bpmn.parser.FieldDeclaration;

/**
 * A delegate-expression service task that waits when its delegate is an {@link AsyncStep}: the
 * step starts, the transaction commits and the executor thread is free; a later trigger finishes
 * the step and leaves. BPMN errors thrown while finishing reach boundary events as they would from
 * a plain delegate. Any other delegate behaves exactly as Flowable's own.
 */
final class AsyncStepBehavior extends ServiceTaskDelegateExpressionActivityBehavior {

    private final Expression delegateExpression;
    private final List<FieldDeclaration> fields;

    AsyncStepBehavior(String serviceTaskId, Expression expression, Expression skipExpression,
                      List<FieldDeclaration> fields, List<MapExceptionEntry> mapExceptions, boolean triggerable) {
        super(serviceTaskId, expression, skipExpression, fields, mapExceptions, triggerable);
        this.delegateExpression = expression;
        this.fields = fields;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (!(delegate(execution) instanceof AsyncStep step)) {
            super.execute(execution);
            return;
        }
        try {
            if (step.start(execution)) {
                step.finish(execution);
                leave(execution);
            }
        } catch (Exception e) {
            handleException(e, execution, false);
        }
    }

    @Override
    public void trigger(DelegateExecution execution, String signalName, Object signalData) {
        if (!(delegate(execution) instanceof AsyncStep step)) {
            super.trigger(execution, signalName, signalData);
            return;
        }
        try {
            step.finish(execution);
            leave(execution);
        } catch (Exception e) {
            handleException(e, execution, false);
        }
    }

    private Object delegate(DelegateExecution execution) {
        return DelegateExpressionUtil.resolveDelegateExpression(delegateExpression, execution, fields);
    }
}
