package io.voronka.process;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/** A stub step for BPMN unit tests: remembers the inputs of every call and sets nothing else. */
final class RecordingStep implements JavaDelegate {

    record Call(String activityId, Map<String, Object> inputs) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void execute(DelegateExecution execution) {
        calls.add(new Call(execution.getCurrentActivityId(), StepInputs.evaluate(execution)));
    }

    List<Call> calls() {
        return calls;
    }
}
