package io.voronka.process;

import io.voronka.kernel.error.DomainError;
import org.flowable.engine.delegate.BpmnError;

/**
 * Where a domain error meets BPMN: inside a step it becomes a BPMN error carrying the error's code
 * ("invalid", "not-found", "conflict"...), so a diagram may catch it with an error boundary event
 * and route the case to a person. Uncaught, Flowable fails the step, its job retries and ends as an
 * incident: no HTTP status ever reaches a process.
 */
final class StepErrors {

    private StepErrors() {
    }

    static BpmnError toBpmn(DomainError error, String activityId) {
        BpmnError bpmn = new BpmnError(error.code(), "step " + activityId + ": " + error.detail());
        // Which fields broke which rule, for the person the boundary event routes the case to.
        bpmn.addAdditionalData("errorFields", String.join(", ", error.errors().stream().map(p -> p.field() + " " + p.rule()).toList()));
        return bpmn;
    }
}
