package io.voronka.kernel.event;

import io.vertx.core.Vertx;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.kernel.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The outbox and its consumers on one node, in the order boot needs them: the consumers' names
 * first (so every event written from then on has a delivery for each), the consumers themselves
 * once what they need is built, then dispatch and the retention sweep.
 */
public final class Events implements AutoCloseable {

    /** How often a node looks for deliveries it was not nudged about (other nodes' events, backoffs). */
    private static final long POLL_MILLIS = 1000;

    private final Database database;
    private final Outbox outbox;
    private final EventRetention retention;
    private final InlineReactions inline;
    private volatile EventDispatcher dispatcher;

    private Events(Database database, Outbox outbox, Duration retention) {
        this.database = database;
        this.outbox = outbox;
        this.inline = new InlineReactions(database);
        this.retention = new EventRetention(database, retention, Clock.systemUTC());
    }

    /** An outbox delivering to the named consumers; nothing is dispatched until {@link #start}. */
    public static Events declare(Database database, Duration retention, List<String> consumers) {
        return new Events(database, new Outbox(database.dialect(), consumers), retention);
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Where a writer that opens its own transaction runs it, so consumers can react in it or after it. */
    public InlineReactions inline() {
        return inline;
    }

    /** Starts dispatching to the consumers declared, and the retention sweep. */
    public EventDispatcher start(Vertx vertx, List<EventConsumer> consumers, RetryPolicy retries, int parallelism) {
        dispatcher = new EventDispatcher(database, outbox, consumers, retries, parallelism);
        inline.consumers(consumers);
        dispatcher.start(vertx, POLL_MILLIS);
        retention.start(vertx);
        return dispatcher;
    }

    /** Asks for a dispatch pass soon: called after a local commit, so reactions follow at once. */
    public void nudge() {
        EventDispatcher current = dispatcher;
        if (current != null) {
            current.nudge();
        }
    }

    public EventDispatcher dispatcher() {
        return dispatcher;
    }

    public EventRetention retention() {
        return retention;
    }

    @Override
    public void close() {
        retention.stop();
        if (dispatcher != null) {
            dispatcher.close();
        }
    }
}
