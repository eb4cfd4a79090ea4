package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.error.DomainError;
import java.util.Map;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.engine.test.Deployment;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A domain error raised inside a step reaches the diagram as a BPMN error with the error's code. */
@ExtendWith(BpmnUnit.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepErrorsTest implements BpmnUnit.Steps {

    private final JavaDelegate failingStep = execution -> {
        throw StepErrors.toBpmn(DomainError.invalid("amount", "minimum", "must not be negative"),
                execution.getCurrentActivityId());
    };

    @Override
    public Map<String, Object> steps() {
        return Map.of("failingStep", failingStep);
    }

    @Test
    @Deployment(resources = "bpmn/invalid-step.bpmn20.xml")
    void anInvalidInputIsCaughtByTheErrorBoundaryAndRoutedToAPerson(RuntimeService runtime, TaskService tasks) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("invalid-step");

        Task fix = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(fix.getTaskDefinitionKey()).isEqualTo("fixInput");
    }
}
