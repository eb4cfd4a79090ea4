package io.voronka.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.incident.Incident;
import io.voronka.kernel.incident.IncidentSource;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.plugin.api.ActionContext;
import io.voronka.plugin.api.ActionFailure;
import io.voronka.plugin.api.IdempotencyKey;
import io.voronka.plugin.api.PluginConfig;
import io.voronka.process.EngineVariables;
import io.voronka.process.FlowableTransaction;
import io.voronka.process.StepFailures;
import io.voronka.process.StepSkips;
import io.voronka.kernel.storage.Database;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls providers for plugin steps, outside any transaction and off the engine's threads: the
 * action's future is awaited by nobody (a timer bounds it), and only its answer takes a worker and a
 * connection, for one short transaction that journals the answer and finishes the step (or, when that
 * fails, journals it with an async trigger job, so what follows the step fails and retries as Flowable
 * jobs do).
 * A sweeper calls again what a crash or a lost answer left pending, with the same idempotency key.
 */
public final class PluginCalls implements IncidentSource, StepFailures, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCalls.class);
    /** Journaling an answer is retried this often: failing it after the effect is what repeats effects. */
    private static final RetryPolicy JOURNAL_RETRIES = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(5));
    private static final int SWEEP_BATCH = 50;
    /** Answers journaled in one transaction at most: a batch holds its rows' locks until it commits. */
    private static final int ANSWER_BATCH = 32;

    private final PluginHost host;
    private final Database database;
    private final InvocationJournal journal;
    private final Vertx vertx;
    private final RetryPolicy retries;
    private final Duration timeout;
    private final MeterRegistry metrics;
    private final ExecutorService workers;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AnswerBatches<Answer> answers;
    /** A third of a call's lease (timeout + 30 s): answers older than this take the cheaper path. */
    private final Duration lateAfter;
    private ManagementService management;
    private RuntimeService runtime;
    private volatile StepSkips skips;
    private long sweeper = -1;

    public PluginCalls(PluginHost host, Database database, Vertx vertx, RetryPolicy retries, Duration timeout,
                       int workers, MeterRegistry metrics) {
        this.host = host;
        this.database = database;
        this.journal = new InvocationJournal(database.dialect());
        this.vertx = vertx;
        this.retries = retries;
        this.timeout = timeout;
        this.metrics = metrics;
        this.workers = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("voronka-plugin-", 0)
                .daemon(true).factory());
        // Every worker may write a batch (one connection each, as PoolBudget counts plugin workers).
        this.answers = new AnswerBatches<>(workers, ANSWER_BATCH, this::journalAnswers);
        this.lateAfter = timeout.plusSeconds(30).dividedBy(3);
    }

    /** Starts resuming steps through this engine and sweeping for calls that are due. */
    public void start(ManagementService management, RuntimeService runtime, long sweepMillis) {
        this.management = management;
        this.runtime = runtime;
        this.sweeper = vertx.setPeriodic(sweepMillis, id -> sweep());
    }

    InvocationJournal journal() {
        return journal;
    }

    /** Until when a call that starts now may run before someone else may call again. */
    LocalDateTime leaseFromNow() {
        return InvocationJournal.now().plus(timeout).plusSeconds(30);
    }

    /**
     * Calls the provider from a plugin worker; returns at once. Called as the step's transaction
     * commits, when Flowable still holds the step's connection: the action's own code must not
     * run there, lest a slow plugin hold that connection.
     */
    void submit(Invocation call) {
        long leased = System.nanoTime();
        onWorker(() -> call(call, leased));
    }

    /**
     * Calls the provider; returns once the action started. The answer is journaled and resumes the
     * step. {@code leased} is when the call's lease began ({@link System#nanoTime()}).
     */
    private void call(Invocation call, long leased) {
        Promise<Object> answer = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> answer.tryFail(ActionFailure.transientFailure(
                call.actionId() + " did not answer within " + timeout.toSeconds() + " s", null)));
        start(call).onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                answer.tryComplete(result.result());
            } else {
                answer.tryFail(result.cause());
            }
        });
        answer.future().onComplete(result -> onWorker(() -> settle(call, leased, result)));
    }

    private Future<Object> start(Invocation call) {
        try {
            ActionBinding binding = host.find(call.actionId()).orElseThrow(() -> ActionFailure.transientFailure(
                    "no plugin provides action '" + call.actionId() + "'", null));
            Record input = InputBinder.bind(binding.definition().input(), new JsonObject(call.input()).getMap());
            return binding.action().execute(input, context(binding, key(call)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void settle(Invocation call, long leased, AsyncResult<Object> result) {
        if (result.succeeded()) {
            journalLater(new Answer(call, Invocation.State.DONE, Json.encode(result.result()), leased));
            metrics.counter("voronka.plugin.invocations", "action", call.actionId()).increment();
        } else if (result.cause() instanceof ActionFailure failure && failure.kind() == ActionFailure.Kind.BUSINESS) {
            journalLater(new Answer(call, Invocation.State.REJECTED,
                    new JsonObject().put("code", failure.code()).put("message", failure.getMessage()).encode(), leased));
        } else {
            failed(call, message(result.cause()));
        }
    }

    private void journalLater(Answer answer) {
        try {
            answers.add(answer, workers);
        } catch (RejectedExecutionException e) {
            // Shutting down: the call's lease runs out and a sweeper calls again with the same key.
        }
    }

    /** A provider's answer, not yet journaled; {@code leased} is when its call's lease began. */
    private record Answer(Invocation call, Invocation.State state, String output, long leased) {
    }

    /**
     * Answers that arrived together are journaled in one transaction, and each answered step is
     * finished and left in that same transaction: what follows it runs there too, up to the next
     * wait state, as it would in a job (and, like any trigger from outside a job, it is kept from
     * racing other work on the same process by Flowable's optimistic locking). If anything in the
     * batch fails (a continuation that throws, a process deleted or changed meanwhile, the pool
     * exhausted), the whole batch rolls back and each answer is journaled on its own with an async
     * trigger job instead: what follows the step then fails and retries as that job, which reads the
     * journal and never calls the provider again, and one answer never holds back another.
     */
    private void journalAnswers(List<Answer> batch) {
        if (late(batch)) {
            journalLateAnswers(batch);
            return;
        }
        try {
            management.executeCommand(ctx -> {
                for (Answer answer : batch) {
                    Invocation call = answer.call();
                    if (journal.settle(FlowableTransaction.connection(), call.key(), answer.state(), answer.output())) {
                        runtime.trigger(call.executionId(), Map.of(), Map.of(EngineVariables.answer(call.activityId()),
                                call.settledAs(answer.state(), answer.output())));
                    }
                }
                return null;
            });
            return;
        } catch (RuntimeException e) {
            LOG.debug("{} plugin answer(s) could not be journaled and finished together; journaling them one by one, "
                    + "each resumed by a trigger job: {}", batch.size(), e.getMessage());
        }
        for (Answer answer : batch) {
            journalAnswer(answer.call(), answer.state(), answer.output(), 1);
        }
    }

    /**
     * Whether answers have queued so long that their calls' leases are at risk: a call whose lease
     * runs out while its answer waits here is called again by the sweeper. Queues grow when steps
     * arrive faster than batches can finish them (a backlog of jobs drained at once).
     */
    private boolean late(List<Answer> batch) {
        long now = System.nanoTime();
        return batch.stream().anyMatch(answer -> now - answer.leased() > lateAfter.toNanos());
    }

    /**
     * Late answers are journaled with trigger jobs, all in one transaction: far less work per answer
     * than finishing each step here, so the queue shrinks, and finishing moves to the job executor,
     * which then has less time for new steps' jobs (whose calls would queue here too).
     */
    private void journalLateAnswers(List<Answer> batch) {
        try {
            management.executeCommand(ctx -> {
                for (Answer answer : batch) {
                    settleAndResume(answer.call(), answer.state(), answer.output());
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("a batch of {} late plugin answers failed; journaling them one by one: {}", batch.size(), e.getMessage());
            for (Answer answer : batch) {
                journalAnswer(answer.call(), answer.state(), answer.output(), 1);
            }
        }
    }

    /** In the caller's Flowable transaction: the answer, and the step's resumption (a trigger job) if this settled it. */
    private void settleAndResume(Invocation call, Invocation.State state, String output) {
        if (journal.settle(FlowableTransaction.connection(), call.key(), state, output)) {
            runtime.triggerAsync(call.executionId());
        }
    }

    /** One short transaction: the answer and the step's resumption commit together or not at all. */
    private void journalAnswer(Invocation call, Invocation.State state, String output, int attempt) {
        try {
            try {
                management.executeCommand(ctx -> {
                    settleAndResume(call, state, output);
                    return null;
                });
            } catch (FlowableObjectNotFoundException gone) {
                // The process was deleted while the provider worked: keep the answer, resume nothing.
                database.inTransaction(c -> journal.settle(c, call.key(), state, output));
            }
        } catch (RuntimeException e) {
            if (JOURNAL_RETRIES.exhaustedAfter(attempt)) {
                LOG.error("the answer of {} for step {} could not be journaled after {} tries; the call will be made "
                        + "again with the same idempotency key when its lease ends: {}", call.actionId(), call.key(),
                        attempt, e.getMessage());
                return;
            }
            later(JOURNAL_RETRIES.delayAfter(attempt), () -> journalAnswer(call, state, output, attempt + 1));
        }
    }

    private void failed(Invocation call, String message) {
        int attempt = call.attempts() + 1;
        boolean stop = retries.exhaustedAfter(attempt);
        LocalDateTime next = stop ? null : InvocationJournal.now().plus(retries.delayAfter(attempt));
        try {
            database.inTransaction(c -> {
                journal.failed(c, call.key(), attempt, message, next);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("step {} failed ({}) and the failure could not be journaled; it is tried again when its lease "
                    + "ends: {}", call.key(), message, e.getMessage());
            return;
        }
        if (stop) {
            LOG.error("step {} ({}) stopped after {} attempts; incident step:{}: {}", call.activityId(),
                    call.actionId(), attempt, call.key(), message);
        } else {
            LOG.warn("step {} ({}) failed attempt {} of {}, next in {} s: {}", call.activityId(), call.actionId(),
                    attempt, retries.attempts(), retries.delayAfter(attempt).toSeconds(), message);
        }
    }

    /** Calls again what is due: failed calls whose backoff ran out, and calls whose lease ran out. */
    public void sweep() {
        if (management == null || !sweeping.compareAndSet(false, true)) {
            return;
        }
        onWorker(() -> {
            try {
                for (Invocation call : database.withConnection(c -> journal.due(c, SWEEP_BATCH))) {
                    if (database.withConnection(c -> journal.lease(c, call, leaseFromNow()))) {
                        call(call, System.nanoTime());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("looking for due plugin calls failed: {}", e.getMessage());
            } finally {
                sweeping.set(false);
            }
        });
    }

    @Override
    public String name() {
        return "step";
    }

    @Override
    public List<Incident> open(int limit) {
        return database.withConnection(c -> journal.stopped(c, limit)).stream()
                .map(call -> new Incident("step:" + call.key(), "plugin-step",
                        Message.of("incident.plugin-step.stopped", call.activityId(), call.actionId()), call.lastError(),
                        call.attempts(), call.processInstanceId(), call.updatedAt(), call.activityId(), null))
                .toList();
    }

    @Override
    public boolean retry(String key) {
        boolean rearmed = database.withConnection(c -> journal.rearm(c, key));
        if (rearmed) {
            sweep();
        }
        return rearmed;
    }

    /** Where skips are recorded (who, when, why); set once the process capability has started. */
    void recordSkipsIn(StepSkips skips) {
        this.skips = skips;
    }

    /**
     * Passes over a stopped call: journaled as skipped, recorded with who and why, and the step
     * resumed so it leaves without a result, all in one transaction.
     */
    @Override
    public boolean skip(String key, String actor, String reason) {
        if (skips == null || management == null) {
            throw io.voronka.kernel.error.DomainError.conflict(Message.of("plugin.skip.not-started"));
        }
        return management.executeCommand(ctx -> {
            java.sql.Connection c = FlowableTransaction.connection();
            Invocation call = journal.find(c, key).filter(i -> i.state() == Invocation.State.STOPPED).orElse(null);
            if (call == null || !journal.skip(c, key, new JsonObject().put("skippedBy", actor).put("reason", reason).encode())) {
                return false;
            }
            skips.record(c, "step:" + key, call.processInstanceId(), call.activityId(), null, call.lastError(), reason, actor);
            runtime.triggerAsync(call.executionId());
            return true;
        });
    }

    @Override
    public List<Failure> of(String processInstanceId) {
        return database.withConnection(c -> journal.failing(c, processInstanceId)).stream()
                .map(call -> new Failure(call.activityId(), call.lastError(),
                        Math.max(0, retries.attempts() - call.attempts()),
                        call.state() == Invocation.State.STOPPED, "step:" + call.key()))
                .toList();
    }

    private ActionContext context(ActionBinding binding, IdempotencyKey key) {
        PluginConfig config = host.configFor(binding.pluginName());
        return new CallContext(key, config, vertx);
    }

    private static IdempotencyKey key(Invocation call) {
        // After "instance:activity:execution:" comes the loop counter, then the visit when there is one.
        String prefix = call.processInstanceId() + ":" + call.activityId() + ":" + call.executionId() + ":";
        String[] rest = call.key().substring(prefix.length()).split(":", 2);
        return new IdempotencyKey(call.processInstanceId(), call.activityId(), call.executionId(),
                Integer.parseInt(rest[0]), rest.length > 1 ? Integer.parseInt(rest[1]) : 1);
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private void later(Duration delay, Runnable work) {
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> onWorker(work));
    }

    private void onWorker(Runnable work) {
        try {
            workers.execute(work);
        } catch (RejectedExecutionException e) {
            // Shutting down: whatever was in hand is found again by a sweeper after its lease.
        }
    }

    @Override
    public void close() {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
        }
        workers.shutdown();
        try {
            // Interrupting a worker mid-write would make H2 close its file; let the calls in flight end.
            if (!workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("plugin calls still running after 30 s; the sweeper resumes them at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
