package io.voronka.kernel.event;

import io.vertx.core.Vertx;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.incident.Incident;
import io.voronka.kernel.incident.IncidentSource;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.kernel.storage.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed events to every consumer, on whichever node gets there first. Each delivery is
 * claimed in the transaction of its consumer's reaction, so each consumer reacts to each event
 * once: a crash before commit leaves the delivery pending for the next pass (here or on another
 * node), a node racing for it finds it claimed. A delivery that fails waits out its backoff while
 * the others, of the same consumer and of the rest, flow past; after its last attempt it stops as
 * an incident ({@code event:<consumer>:<eventId>}) that an admin can retry.
 */
public final class EventDispatcher implements IncidentSource {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final int BATCH = 100;
    /** Deliveries of one consumer committed together; small enough that a failed group costs little. */
    private static final int GROUP = 20;

    private final Database database;
    private final EventDeliveries deliveries;
    private final Map<String, EventConsumer> consumers = new LinkedHashMap<>();
    private final RetryPolicy retries;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final ExecutorService workers;
    private Vertx vertx;
    private long timer = -1;

    /**
     * A dispatcher for exactly the consumers the outbox opens deliveries for; {@code parallelism}
     * deliveries run at a time, each holding one connection.
     */
    public EventDispatcher(Database database, Outbox outbox, List<EventConsumer> consumers, RetryPolicy retries,
                           int parallelism) {
        this.database = database;
        this.deliveries = new EventDeliveries(database.dialect());
        this.retries = retries;
        consumers.forEach(c -> this.consumers.put(c.name(), c));
        if (!this.consumers.keySet().equals(new java.util.HashSet<>(outbox.consumers()))
                || this.consumers.size() != consumers.size()) {
            throw new IllegalArgumentException("the outbox delivers to " + outbox.consumers()
                    + " but the dispatcher was given " + consumers.stream().map(EventConsumer::name).toList());
        }
        this.workers = Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().name("voronka-dispatch-", 0)
                .daemon(true).factory());
    }

    /** Polls for events now and then (events committed by other nodes, or left by a crash or a backoff). */
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
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("events still being dispatched after 30 s; they are retried at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks for a pass soon; called after a local commit so a reaction follows the change at once. */
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
                LOG.warn("dispatching events failed; will retry", done.cause());
            }
        });
    }

    /**
     * One pass over due deliveries of every consumer, several groups at a time (each group of one
     * consumer's deliveries is its own transaction, so groups are independent); returns how many
     * this call delivered.
     */
    public int dispatchPending() {
        int handled = 0;
        List<EventDeliveries.Delivery> due;
        int handledBefore;
        do {
            handledBefore = handled;
            due = database.withConnection(c -> deliveries.due(c, consumers.keySet(), BATCH));
            List<Callable<Integer>> work = new ArrayList<>();
            due.stream().collect(Collectors.groupingBy(EventDeliveries.Delivery::consumer, LinkedHashMap::new,
                    Collectors.toList())).forEach((consumer, list) -> {
                for (int from = 0; from < list.size(); from += GROUP) {
                    List<EventDeliveries.Delivery> group = list.subList(from, Math.min(list.size(), from + GROUP));
                    work.add(() -> deliverGroup(consumer, group));
                }
            });
            try {
                for (Future<Integer> result : workers.invokeAll(work)) {
                    handled += result.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return handled;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            // A full batch means more may wait; but a batch where nothing went through is all
            // failing deliveries, and reading it again at once would spin until the next pass.
        } while (due.size() == BATCH && handled > handledBefore);
        return handled;
    }

    /** Claims one delivery and runs its consumer's reaction, atomically. False if someone else claimed it. */
    public boolean deliver(String consumerName, RecordEvent event) {
        EventConsumer consumer = consumers.get(consumerName);
        return consumer.transaction(database).run(connection -> {
            if (!deliveries.claim(connection, consumerName, event.id())) {
                return false;
            }
            consumer.handle(connection, event);
            return true;
        });
    }

    /**
     * Several deliveries of one consumer in one transaction: each claimed and reacted to as alone,
     * but committed together, which spares a commit (a file or disk sync) per event. When a reaction
     * fails, the group rolls back; that delivery counts its failed attempt and the rest go again
     * without it, so a poison event fails by itself and is not run more often than its attempts.
     */
    private int deliverGroup(String consumerName, List<EventDeliveries.Delivery> group) {
        if (group.isEmpty()) {
            return 0;
        }
        if (group.size() == 1) {
            return deliverSafely(group.getFirst()) ? 1 : 0;
        }
        EventConsumer consumer = consumers.get(consumerName);
        EventDeliveries.Delivery[] failing = {null};
        int[] claimed = {0};
        try {
            consumer.transaction(database).run(connection -> {
                for (EventDeliveries.Delivery delivery : group) {
                    if (deliveries.claim(connection, consumerName, delivery.event().id())) {
                        failing[0] = delivery;
                        consumer.handle(connection, delivery.event());
                        failing[0] = null;
                        claimed[0]++;
                    }
                }
                return true;
            });
            return claimed[0];
        } catch (RuntimeException | Error e) {
            if (failing[0] == null) {
                // The commit itself failed (a deadlock, a lost connection): each goes alone.
                return group.stream().mapToInt(d -> deliverSafely(d) ? 1 : 0).sum();
            }
            countFailure(failing[0], e);
            EventDeliveries.Delivery poison = failing[0];
            return deliverGroup(consumerName, group.stream().filter(d -> d != poison).toList());
        }
    }

    private boolean deliverSafely(EventDeliveries.Delivery delivery) {
        try {
            return deliver(delivery.consumer(), delivery.event());
        } catch (RuntimeException | Error e) {
            // One delivery that fails must not hold back the others; it waits out its backoff.
            countFailure(delivery, e);
            return false;
        }
    }

    /** One log line per attempt: the failure is counted in its own short transaction. */
    private void countFailure(EventDeliveries.Delivery delivery, Throwable failure) {
        RecordEvent event = delivery.event();
        String consumer = delivery.consumer();
        String message = innermostMessage(failure);
        try {
            database.inTransaction(c -> deliveries.failed(c, consumer, event.id(), message, retries)).ifPresent(attempt -> {
                if (retries.exhaustedAfter(attempt)) {
                    LOG.error("event {} ({} {} {}) stopped for {} after {} attempts; incident event:{}:{}", event.id(),
                            event.type(), event.entity(), event.recordId(), consumer, attempt, consumer, event.id(),
                            failure);
                } else {
                    LOG.warn("event {} ({} {} {}) failed for {}, attempt {} of {}, next in {} ms: {}", event.id(),
                            event.type(), event.entity(), event.recordId(), consumer, attempt, retries.attempts(),
                            retries.delayAfter(attempt).toMillis(), message);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("event {} failed for {} ({}) and its attempt could not be counted: {}", event.id(), consumer,
                    message, e.getMessage());
        }
    }

    /** Frameworks wrap the reaction's own failure; the innermost message says what went wrong. */
    static String innermostMessage(Throwable failure) {
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
        return database.withConnection(c -> deliveries.stopped(c, consumers.keySet(), limit)).stream()
                .map(s -> new Incident("event:" + s.consumer() + ":" + s.event().id(), "event",
                        Message.of("incident.event." + s.event().type().name().toLowerCase(java.util.Locale.ROOT),
                                s.event().entity(), s.event().recordId(), s.consumer()),
                        s.lastError(), s.attempts(), null, s.at(), null, s.event().recordId()))
                .toList();
    }

    /** {@code reference} is {@code <consumer>:<eventId>}. */
    @Override
    public boolean retry(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon <= 0 || !consumers.containsKey(reference.substring(0, colon))) {
            return false;
        }
        String consumer = reference.substring(0, colon);
        long eventId;
        try {
            eventId = Long.parseLong(reference.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        boolean retried = database.withConnection(c -> deliveries.retry(c, consumer, eventId));
        if (retried) {
            nudge();
        }
        return retried;
    }
}
