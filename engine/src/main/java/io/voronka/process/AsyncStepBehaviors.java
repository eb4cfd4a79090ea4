package io.voronka.process;

import org.flowable.bpmn.model.ServiceTask;
import org.flowable.engine.impl.bpmn.behavior.ServiceTaskDelegateExpressionActivityBehavior;
import org.flowable.engine.impl.bpmn.parser.factory.DefaultActivityBehaviorFactory;

/** Flowable's behaviours, except that delegate-expression service tasks can be {@link AsyncStep}s. */
final class AsyncStepBehaviors extends DefaultActivityBehaviorFactory {

    @Override
    public ServiceTaskDelegateExpressionActivityBehavior createServiceTaskDelegateExpressionActivityBehavior(ServiceTask task) {
        return new AsyncStepBehavior(task.getId(), expressionManager.createExpression(task.getImplementation()),
                getSkipExpressionFromServiceTask(task), createFieldDeclarations(task.getFieldExtensions()),
                task.getMapExceptions(), task.isTriggerable());
    }
}
