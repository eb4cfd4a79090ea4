package io.voronka.process;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import java.util.Map;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.runtime.Execution;

/**
 * Delivers a message by its name to what waits for it on one record: an intermediate catch event,
 * a boundary event, an event sub-process's message start, in the process itself or in a process it
 * called (a call activity's instance belongs to the same root instance). The record is the
 * instance's business key, the record id Voronka starts every process with.
 */
final class MessageDelivery {

    private final RuntimeService runtime;

    MessageDelivery(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** The process instance the message reached; 404 when nothing waits (answered before, or timed out). */
    String deliver(String processKey, String record, String message, Map<String, Object> variables) {
        Execution waiting = runtime.createProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(record).list().stream()
                .flatMap(instance -> runtime.createExecutionQuery().rootProcessInstanceId(instance.getId())
                        .messageEventSubscriptionName(message).list().stream())
                .findFirst().orElseThrow(() -> DomainError.notFound(Message.of("webhook.nothing-waits", message, record)));
        runtime.messageEventReceived(message, waiting.getId(), variables);
        return waiting.getProcessInstanceId();
    }

    /**
     * Delivers the message to everything that waits for it on the record outside the thrower's own
     * process tree ({@code exceptRoot}); answers how many it reached.
     */
    int deliverToOthers(String record, String message, String exceptRoot) {
        java.util.Map<String, Execution> waiting = new java.util.LinkedHashMap<>();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(record).list().stream()
                .map(instance -> instance.getRootProcessInstanceId() == null ? instance.getId() : instance.getRootProcessInstanceId())
                .filter(root -> !root.equals(exceptRoot)).distinct()
                .flatMap(root -> runtime.createExecutionQuery().rootProcessInstanceId(root)
                        .messageEventSubscriptionName(message).list().stream())
                .forEach(execution -> waiting.putIfAbsent(execution.getId(), execution));
        waiting.values().forEach(execution -> runtime.messageEventReceived(message, execution.getId()));
        return waiting.size();
    }
}
