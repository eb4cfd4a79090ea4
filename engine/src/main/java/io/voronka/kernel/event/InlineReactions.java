package io.voronka.kernel.event;

import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reactions done in the transaction that makes the change, instead of a second one through the
 * outbox. A writer that opens its own transaction (an HTTP create or update) runs it here:
 * <ul>
 * <li>a consumer that {@link EventConsumer#reactsInline reacts inline} to the entity (process
 * triggers) provides the transaction; its reaction to each event the work published runs on the
 * same connection before the commit, and no delivery is written for it. One commit, one connection:
 * the change and its process start commit together or not at all, which keeps "a committed change
 * starts its process exactly once, a rolled-back change none" without a claim;</li>
 * <li>consumers that {@link EventConsumer#reactsAfterCommit react after commit} (live notices, a
 * hint) hear of the events once the transaction committed, without a delivery either.</li>
 * </ul>
 * The other consumers get their deliveries as always, and so does every event the reactions
 * themselves publish (a process step that updates the record): those go through the outbox.
 *
 * <p>A valid change never fails because its reaction failed: when anything throws once the work
 * is done (the reaction, Flowable writing what it holds, the commit), the whole transaction rolls
 * back and the change runs again the outbox way, where the reaction is retried with backoff and
 * ends as an incident. A failure of the work itself (invalid input, no connection to be had: 503)
 * fails the change as it did, without a second attempt. One rare case gets a second attempt it
 * should not: a commit that succeeded in the database but whose answer was lost; the change is
 * then made twice, where without inline reactions the client, answered 500, might retry it too.
 */
public final class InlineReactions {

    private static final Logger LOG = LoggerFactory.getLogger(InlineReactions.class);
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Database database;
    private volatile List<EventConsumer> consumers = List.of();

    InlineReactions(Database database) {
        this.database = database;
    }

    /** Reactions in the writer's own transaction, with no consumer: tests and benchmarks of the record path. */
    public static InlineReactions none(Database database) {
        return new InlineReactions(database);
    }

    /** The consumers dispatch started with; until then every change goes through the outbox alone. */
    void consumers(List<EventConsumer> started) {
        this.consumers = List.copyOf(started);
    }

    /** What the work answers, seen again after the reactions: they may have changed the record it wrote. */
    @FunctionalInterface
    public interface Refresh<T> {
        /** {@code changed} holds the ids of records the reactions published events for (empty when none did). */
        T after(Connection connection, T result, Set<String> changed) throws Exception;
    }

    /**
     * Runs {@code work}, which changes records of {@code entity}, in one transaction with the inline
     * reactions to what it published; then {@code refresh} on the same connection when a reaction
     * changed records too, so the answer shows what committed. {@code nudge} runs after the commit
     * when the transaction left deliveries for the dispatcher (always, before dispatch started):
     * a change whose every consumer reacted here spares the dispatcher a pass that finds nothing.
     */
    public <T> T inTransaction(String entity, Database.TransactionWork<T> work, Refresh<T> refresh, Runnable nudge) {
        EventConsumer inline = consumers.stream().filter(c -> c.reactsInline(entity)).findFirst().orElse(null);
        Scope scope = new Scope(inline, consumers.stream().filter(EventConsumer::reactsAfterCommit)
                .filter(c -> c != inline).toList());
        try {
            run(scope, work, refresh);
        } catch (RuntimeException | Error e) {
            if (inline == null || !scope.reacting) {
                throw e; // the change itself failed (invalid input, no connection): as without reactions
            }
            if (committed(scope)) {
                // Only what followed the commit failed; the change and its reactions are stored.
                LOG.warn("{} reacted to {} and committed, then failed: {}", inline.name(), entity, EventDispatcher.innermostMessage(e));
            } else {
                LOG.warn("{} could not react to {} in its transaction ({}); the change goes through the outbox",
                        inline.name(), entity, EventDispatcher.innermostMessage(e));
                scope = new Scope(null, scope.afterCommit);
                run(scope, work, refresh);
            }
        }
        if (scope.deliveries > 0 || consumers.isEmpty()) {
            nudge.run();
        }
        for (EventConsumer consumer : scope.afterCommit) {
            for (RecordEvent event : scope.published) {
                try {
                    consumer.handle(null, event);
                } catch (Exception e) {
                    // A hint lost: the change committed and is answered; readers see it on their next read.
                    LOG.warn("{} did not hear of event {}: {}", consumer.name(), event.id(), EventDispatcher.innermostMessage(e));
                }
            }
        }
        @SuppressWarnings("unchecked")
        T value = (T) scope.result;
        return value;
    }

    private <T> void run(Scope scope, Database.TransactionWork<T> work, Refresh<T> refresh) {
        Database.TransactionWork<Boolean> scoped = connection -> {
            scope.connection = connection;
            Scope outer = CURRENT.get();
            CURRENT.set(scope);
            try {
                T value = work.run(connection);
                scope.reacting = true;
                if (scope.inline != null) {
                    for (RecordEvent event : scope.published) {
                        scope.inline.handle(connection, event);
                    }
                }
                scope.result = scope.changedByReactions.isEmpty() ? value
                        : refresh.after(connection, value, scope.changedByReactions);
                return true;
            } finally {
                restore(outer);
            }
        };
        if (scope.inline == null) {
            database.inTransaction(scoped);
        } else {
            scope.inline.transaction(database).run(scoped);
        }
    }

    /**
     * Whether a transaction that failed once its reactions were done had committed all the same (the
     * failure came after the commit, or the commit's answer was lost): its first event is stored.
     * Asked on a connection of its own, taken after the failed one was given back.
     */
    private boolean committed(Scope scope) {
        if (scope.published.isEmpty()) {
            return false;
        }
        long first = scope.published.getFirst().id();
        return database.withConnection(c -> Outbox.stored(c, database.dialect(), first));
    }

    private static void restore(Scope outer) {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /**
     * The record as the work just wrote it ({@code record} is the record module's snapshot of every
     * value, as stored): the inline reaction to the work's own event reads this instead of reading
     * the row back in the same transaction (a query and a round trip per create). Any later event
     * of the same record in the transaction forgets it, and so does {@link #forgetWritten}.
     */
    public static void wrote(Connection connection, String recordId, Object record) {
        Scope scope = on(connection);
        if (scope != null && !scope.reacting) {
            scope.written.put(recordId, record);
        }
    }

    /**
     * The work's last write of the record, when this connection is in a scope that saw it and
     * nothing since may have changed the row; else empty, and the caller reads the row.
     */
    public static <T> java.util.Optional<T> written(Connection connection, String recordId, Class<T> type) {
        Scope scope = on(connection);
        Object record = scope == null ? null : scope.written.get(recordId);
        return type.isInstance(record) ? java.util.Optional.of(type.cast(record)) : java.util.Optional.empty();
    }

    /** Rows were changed by SQL that keeps no snapshot (a rollup recomputed): every snapshot may be stale. */
    public static void forgetWritten(Connection connection) {
        Scope scope = on(connection);
        if (scope != null) {
            scope.written.clear();
        }
    }

    /** The scope open on {@code connection} on this thread, or null: the outbox asks before it opens deliveries. */
    static Scope on(Connection connection) {
        Scope scope = CURRENT.get();
        return scope != null && scope.connection == connection ? scope : null;
    }

    /** One transaction's inline reactions: the events its work published, and who takes them without a delivery. */
    static final class Scope {

        private final EventConsumer inline;
        private final List<EventConsumer> afterCommit;
        private final List<RecordEvent> published = new ArrayList<>();
        private final Set<String> changedByReactions = new HashSet<>();
        /** Record id to the work's last snapshot of it ({@link #wrote}). */
        private final java.util.Map<String, Object> written = new java.util.HashMap<>();
        private Connection connection;
        private boolean reacting;
        private int deliveries;
        private Object result;

        Scope(EventConsumer inline, List<EventConsumer> afterCommit) {
            this.inline = inline;
            this.afterCommit = afterCommit;
        }

        /**
         * Whether {@code consumer} takes this event here (so the outbox opens no delivery for it):
         * only for events of the work itself; what the reactions publish goes through the outbox.
         */
        boolean takes(String consumer) {
            if (reacting) {
                return false;
            }
            return inline != null && inline.name().equals(consumer)
                    || afterCommit.stream().anyMatch(c -> c.name().equals(consumer));
        }

        /** The outbox opened a delivery in this transaction: the dispatcher has work after the commit. */
        void opened() {
            deliveries++;
        }

        void published(RecordEvent event) {
            written.remove(event.recordId()); // the writer that published it hands its snapshot right after
            if (reacting) {
                changedByReactions.add(event.recordId());
            } else {
                published.add(event);
            }
        }
    }
}
