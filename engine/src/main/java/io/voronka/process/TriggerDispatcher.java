package io.voronka.process;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.voronka.kernel.incident.Incident;
import io.voronka.kernel.incident.IncidentSource;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.event.EventDeliveries;
import io.voronka.record.RecordData;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.record.RecordService;
import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed record events into process starts. Each event's delivery is claimed and its
 * processes are started in one Flowable transaction, so an event starts its processes exactly once:
 * a crash before commit leaves the delivery pending for the next pass (on this or another node), a
 * second node racing for the same event finds it already claimed. An event that fails is tried
 * again with backoff and, after its last attempt, stops as an incident that an admin can retry.
 */
public final class TriggerDispatcher implements IncidentSource {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerDispatcher.class);
    private static final int BATCH = 100;

    private final Database database;
    private final EventDeliveries deliveries;
    private final RetryPolicy retries;
    private final TriggerCatalog triggers;
    private final RecordService records;
    private final ManagementService management;
    private final RuntimeService runtime;
    private final Counter started;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final ExecutorService workers;
    private Vertx vertx;
    private long timer = -1;

    public TriggerDispatcher(Database database, TriggerCatalog triggers, RecordService records,
                             ManagementService management, RuntimeService runtime, MeterRegistry metrics,
                             int parallelism, RetryPolicy retries) {
        this.database = database;
        this.deliveries = new EventDeliveries(database.dialect(), EventDeliveries.PROCESS_TRIGGERS);
        this.retries = retries;
        this.triggers = triggers;
        this.records = records;
        this.management = management;
        this.runtime = runtime;
        this.workers = Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().name("voronka-dispatch-", 0)
                .daemon(true).factory());
        this.started = Counter.builder("voronka.process.triggered").description("processes started by record events")
                .register(metrics);
    }

    /** Polls for events now and then (events committed by other nodes or left by a crash). */
    public void start(Vertx vertx, long pollMillis) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(pollMillis, id -> nudge());
    }

    /** Stops polling; passes already running finish. */
    public void stop() {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Stops polling and lets the pass in flight finish. Its threads must not be interrupted: an
     * interrupt during a write makes H2 close its file, and the database with it.
     */
    public void close() {
        stop();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("record events still being dispatched after 30 s; they are retried at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks for a pass soon; called after a local commit so a new record's process starts at once. */
    public void nudge() {
        if (vertx == null) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        vertx.executeBlocking(() -> {
            do {
                again.set(false);
                dispatchPending();
            } while (again.get());
            return null;
        }, false).onComplete(done -> {
            running.set(false);
            if (done.failed()) {
                LOG.warn("dispatching record events failed; will retry", done.cause());
            }
        });
    }

    /**
     * One pass over pending events, several at a time (each event is its own transaction, so they
     * are independent); returns how many events this call dispatched.
     */
    public int dispatchPending() {
        int handled = 0;
        List<RecordEvent> pending;
        int handledBefore;
        do {
            handledBefore = handled;
            pending = database.withConnection(c -> deliveries.due(c, BATCH));
            List<Callable<Boolean>> work = pending.stream().<Callable<Boolean>>map(e -> () -> dispatchSafely(e)).toList();
            try {
                for (Future<Boolean> result : workers.invokeAll(work)) {
                    handled += result.get() ? 1 : 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return handled;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            // A full batch means more may wait; but a batch where nothing went through is all
            // failing events, and reading it again at once would spin until the next pass.
        } while (pending.size() == BATCH && handled > handledBefore);
        return handled;
    }

    private boolean dispatchSafely(RecordEvent event) {
        try {
            return dispatch(event);
        } catch (RuntimeException e) {
            // One event that cannot start its process must not hold back the others; it waits
            // out its backoff while the others flow past it.
            countFailure(event, e);
            return false;
        }
    }

    /** One log line per attempt: the failure is counted in its own short transaction. */
    private void countFailure(RecordEvent event, RuntimeException failure) {
        String message = innermostMessage(failure);
        try {
            database.inTransaction(c -> deliveries.failed(c, event.id(), message, retries)).ifPresent(attempt -> {
                if (retries.exhaustedAfter(attempt)) {
                    LOG.error("record event {} ({} {} {}) stopped after {} attempts; incident event:{}:{}",
                            event.id(), event.type(), event.entity(), event.recordId(), attempt,
                            deliveries.consumer(), event.id(), failure);
                } else {
                    LOG.warn("record event {} ({} {} {}) failed attempt {} of {}, next in {} s: {}", event.id(),
                            event.type(), event.entity(), event.recordId(), attempt, retries.attempts(),
                            retries.delayAfter(attempt).toSeconds(), message);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("record event {} failed ({}) and its attempt could not be counted: {}", event.id(), message,
                    e.getMessage());
        }
    }

    /** Flowable wraps the step's own failure in command exceptions; the innermost message says what went wrong. */
    private static String innermostMessage(Throwable failure) {
        String message = failure.getClass().getSimpleName();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    @Override
    public String name() {
        return "event";
    }

    @Override
    public List<Incident> open(int limit) {
        return database.withConnection(c -> deliveries.stopped(c, limit)).stream()
                .map(s -> new Incident("event:" + deliveries.consumer() + ":" + s.event().id(), "event",
                        s.event().type().name().toLowerCase() + " " + s.event().entity() + " " + s.event().recordId()
                                + " did not reach " + deliveries.consumer(),
                        s.lastError(), s.attempts(), null, s.at()))
                .toList();
    }

    @Override
    public boolean retry(String reference) {
        String prefix = deliveries.consumer() + ":";
        if (!reference.startsWith(prefix)) {
            return false;
        }
        long eventId;
        try {
            eventId = Long.parseLong(reference.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return false;
        }
        boolean retried = database.withConnection(c -> deliveries.retry(c, eventId));
        if (retried) {
            nudge();
        }
        return retried;
    }

    /** Claims one event's delivery and starts what it triggers, atomically. False if someone else claimed it. */
    public boolean dispatch(RecordEvent event) {
        return management.executeCommand(commandContext -> {
            Connection connection = FlowableTransaction.connection();
            if (!deliveries.claim(connection, event.id())) {
                return false;
            }
            List<Trigger> matching = triggers.matching(event);
            if (matching.isEmpty() || event.type() == RecordEvent.Type.DELETED) {
                return true;
            }
            EntityDefinition entity = records.entity(event.entity());
            RecordData record = records.find(connection, entity, event.recordId()).orElse(null);
            if (record == null) {
                return true; // deleted before its event was dispatched: nothing left to start for
            }
            for (Trigger trigger : matching) {
                runtime.startProcessInstanceByKey(trigger.processKey(), record.id(), ProcessVariables.of(record));
                started.increment();
                LOG.debug("started {} for {} {}", trigger.processKey(), entity.name(), record.id());
            }
            return true;
        });
    }
}
