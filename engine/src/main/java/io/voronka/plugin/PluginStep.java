package io.voronka.plugin;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.voronka.plugin.api.IdempotencyKey;
import io.voronka.process.AsyncStep;
import io.voronka.process.Bpmn;
import io.voronka.process.EngineVariables;
import io.voronka.process.FlowableTransaction;
import io.voronka.process.StepInputs;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.common.engine.impl.cfg.TransactionState;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.engine.delegate.BpmnError;
import org.flowable.engine.delegate.DelegateExecution;

/**
 * Runs a plugin action as a BPMN service task ({@code flowable:delegateExpression="${pluginAction}"}
 * with {@code <voronka:action>} and {@code <voronka:input>} extensions) that waits for the provider
 * without holding anything: in the job's transaction, on Flowable's own connection, the step
 * journals the call as pending; once that commits, {@link PluginCalls} calls the provider off the
 * engine thread, journals the answer and resumes the execution, which finishes here. A step whose
 * key is journaled as answered already (a re-run) finishes at once without calling again; a flow
 * that loops back to the step is a new visit with a new key, so it calls again. Business
 * failures become BPMN errors; transient ones are retried with backoff and then stop as an incident.
 */
public final class PluginStep implements AsyncStep {

    private final PluginHost host;
    private final PluginCalls calls;

    public PluginStep(PluginHost host, PluginCalls calls) {
        this.host = host;
        this.calls = calls;
    }

    @Override
    public boolean start(DelegateExecution execution) {
        ActionBinding binding = binding(execution);
        Map<String, Object> inputs = StepInputs.evaluate(execution);
        try {
            InputBinder.bind(binding.definition().input(), inputs);
        } catch (InputBinder.InvalidInput e) {
            throw new FlowableException("inputs of " + binding.id() + " at " + execution.getCurrentActivityId()
                    + " are invalid: " + e.getMessage());
        }
        String key = key(execution, nextVisit(execution)).value();
        Connection connection = FlowableTransaction.connection();
        Optional<Invocation> known = calls.journal().find(connection, key);
        if (known.isPresent()) {
            // Answered already: finish now. Pending: its runner (or the sweeper) will resume us.
            return known.get().state().settled();
        }
        Invocation call = new Invocation(key, binding.id(), execution.getId(), execution.getProcessInstanceId(),
                execution.getCurrentActivityId(), Json.encode(inputs), Invocation.State.PENDING, 0, null, null, null);
        calls.journal().open(connection, call, calls.leaseFromNow());
        // Only a committed call may reach the provider: a rolled-back job leaves no trace to call for.
        Context.getTransactionContext().addTransactionListener(TransactionState.COMMITTED, ctx -> calls.submit(call));
        return false;
    }

    @Override
    public void finish(DelegateExecution execution) {
        String key = key(execution, visit(execution)).value();
        Invocation call = handedOver(execution, key).or(() -> calls.journal().find(FlowableTransaction.connection(), key))
                .orElseThrow(() -> new FlowableException(
                        "step " + execution.getCurrentActivityId() + " resumed without a journaled call"));
        switch (call.state()) {
            case DONE -> execution.setVariable(execution.getCurrentActivityId() + "Result", call.output());
            case SKIPPED -> {
                // An admin passed over the call: the step leaves as done, with no result.
            }
            case REJECTED -> {
                JsonObject rejection = call.rejection();
                throw new BpmnError(rejection.getString("code"), rejection.getString("message"));
            }
            default -> throw new FlowableException("step " + execution.getCurrentActivityId()
                    + " resumed before its call was answered");
        }
    }

    /** The answer journaled in this very transaction, if that is what resumed the step (and for this visit). */
    private static Optional<Invocation> handedOver(DelegateExecution execution, String key) {
        return execution.getTransientVariable(EngineVariables.answer(execution.getCurrentActivityId())) instanceof Invocation call
                && call.key().equals(key) ? Optional.of(call) : Optional.empty();
    }

    private ActionBinding binding(DelegateExecution execution) {
        String actionId = Bpmn.text(execution.getCurrentFlowElement(), "action");
        return host.find(actionId).orElseThrow(() -> new FlowableException(
                "step " + execution.getCurrentActivityId() + " names unknown action '" + actionId + "'"));
    }

    private static IdempotencyKey key(DelegateExecution execution, int visit) {
        return new IdempotencyKey(execution.getProcessInstanceId(), execution.getCurrentActivityId(),
                execution.getId(), StepInputs.loopCounter(execution), visit);
    }

    /**
     * Counts a new visit of the step on its execution. A flow that loops back reaches the step again
     * on the same execution with no loop counter, so without this count the second visit would find
     * the first one's answer and not call. The count is an execution-local variable written in the
     * transaction that journals the call: a rolled-back attempt advances neither, so its retry is the
     * same visit; a resumption, a retried trigger or a sweeper on another node reads the committed count.
     */
    private static int nextVisit(DelegateExecution execution) {
        int visit = visit(execution) + 1;
        execution.setVariableLocal(visitsName(execution), visit);
        return visit;
    }

    /** The visit the step is on; 0 (read as the first) for a call journaled before visits were counted. */
    private static int visit(DelegateExecution execution) {
        return execution.getVariableLocal(visitsName(execution)) instanceof Number n ? n.intValue() : 0;
    }

    /** An engine-owned name: no form field or condition meets it, and the instance view leaves it out. */
    private static String visitsName(DelegateExecution execution) {
        return EngineVariables.visits(execution.getCurrentActivityId());
    }
}
