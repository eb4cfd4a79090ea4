package io.voronka.process;

import org.flowable.engine.delegate.DelegateExecution;

/**
 * A service task that starts work and waits for it without holding the engine: {@link #start}
 * runs in the job's transaction and returns at once; when the work is done, something triggers
 * the execution and {@link #finish} applies the outcome in the trigger's transaction. Bound like
 * any delegate ({@code flowable:delegateExpression="${bean}"}); {@link AsyncStepBehavior} makes
 * the task a wait state.
 */
public interface AsyncStep {

    /** Starts the work; true when its outcome is known already and the step may finish at once. */
    boolean start(DelegateExecution execution);

    /** Applies the outcome: sets variables, or throws a {@code BpmnError} for the process to route on. */
    void finish(DelegateExecution execution);
}
