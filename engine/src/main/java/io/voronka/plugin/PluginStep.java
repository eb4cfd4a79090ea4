package io.voronka.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.voronka.plugin.api.ActionContext;
import io.voronka.plugin.api.ActionFailure;
import io.voronka.plugin.api.IdempotencyKey;
import io.voronka.plugin.api.PluginConfig;
import io.voronka.process.Bpmn;
import io.voronka.process.StepInputs;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.delegate.BpmnError;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/**
 * Runs a plugin action as a BPMN service task ({@code flowable:delegateExpression="${pluginAction}"}
 * with {@code <voronka:action>} and {@code <voronka:input>} extensions). The step's idempotency
 * key is checked against the journal first, so a retried job reuses the earlier result instead of
 * sending the email twice. Business failures become BPMN errors; transient ones fail the job, which
 * Flowable retries and finally parks as a dead-letter job (an incident).
 */
public final class PluginStep implements JavaDelegate {

    private final PluginHost host;
    private final InvocationJournal journal;
    private final Vertx vertx;
    private final Duration timeout;
    private final MeterRegistry metrics;

    public PluginStep(PluginHost host, InvocationJournal journal, Vertx vertx, Duration timeout, MeterRegistry metrics) {
        this.host = host;
        this.journal = journal;
        this.vertx = vertx;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String actionId = Bpmn.text(execution.getCurrentFlowElement(), "action");
        ActionBinding binding = host.find(actionId).orElseThrow(() -> new FlowableException(
                "step " + execution.getCurrentActivityId() + " names unknown action '" + actionId + "'"));
        Record input;
        try {
            input = InputBinder.bind(binding.definition().input(), StepInputs.evaluate(execution));
        } catch (InputBinder.InvalidInput e) {
            throw new FlowableException("inputs of " + actionId + " at " + execution.getCurrentActivityId()
                    + " are invalid: " + e.getMessage());
        }
        IdempotencyKey key = new IdempotencyKey(execution.getProcessInstanceId(), execution.getCurrentActivityId(),
                execution.getId(), StepInputs.loopCounter(execution));
        String output = journal.result(key.value()).orElseGet(() -> invoke(binding, input, key));
        execution.setVariable(execution.getCurrentActivityId() + "Result", output);
    }

    private String invoke(ActionBinding binding, Record input, IdempotencyKey key) {
        PluginConfig config = host.configFor(binding.pluginName());
        ActionContext context = new ActionContext() {
            @Override
            public IdempotencyKey idempotencyKey() {
                return key;
            }

            @Override
            public PluginConfig config() {
                return config;
            }

            @Override
            public Vertx vertx() {
                return vertx;
            }
        };
        Object result = await(binding, binding.action().execute(input, context));
        String json = Json.encode(result);
        journal.record(key.value(), binding.id(), json);
        metrics.counter("voronka.plugin.invocations", "action", binding.id()).increment();
        return json;
    }

    private Object await(ActionBinding binding, Future<Object> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ActionFailure failure && failure.kind() == ActionFailure.Kind.BUSINESS) {
                throw new BpmnError(failure.code(), failure.getMessage());
            }
            throw new FlowableException(binding.id() + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new FlowableException(binding.id() + " did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlowableException(binding.id() + " was interrupted");
        }
    }
}
