package io.voronka.kernel.incident;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/** A step that fails for the contacts listed as {@code step:firstName}, until the test repairs it. */
public class BrokenFor implements JavaDelegate {

    static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    @Override
    public void execute(DelegateExecution execution) {
        Object name = execution.getVariable("first_name");
        if (NAMES.contains(execution.getCurrentActivityId() + ":" + name)) {
            throw new IllegalStateException("the step is broken for " + name);
        }
    }
}
