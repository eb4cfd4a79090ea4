package io.voronka.kernel.event;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events a change published while it runs in a transaction some consumer reacts in
 * ({@link Outbox#inTransaction}): their deliveries wait here until the reactions ran, then are
 * written in one statement, the reacting consumer's already delivered. Bound to the thread and to
 * the change's connection; what is published on another connection, or after the change's own work
 * returned (a process step changing a record while its process starts), gets its deliveries at once.
 */
final class ChangeScope {

    /** An event the change published, with the record's values as stored (null when the publisher had none). */
    record Published(RecordEvent event, Map<String, Object> values, LocalDateTime at) {
    }

    private static final ThreadLocal<ChangeScope> CURRENT = new ThreadLocal<>();

    private final Connection connection;
    private final List<Published> published = new ArrayList<>();
    private boolean collecting = true;

    private ChangeScope(Connection connection) {
        this.connection = connection;
    }

    /** Starts collecting this thread's events on {@code connection}; {@link #release} ends it. */
    static ChangeScope open(Connection connection) {
        ChangeScope scope = new ChangeScope(connection);
        CURRENT.set(scope);
        return scope;
    }

    /** Whether this thread already runs a change that collects events (a nested change runs plainly). */
    static boolean active() {
        return CURRENT.get() != null;
    }

    /** The scope collecting events published on {@code connection} by this thread, or null. */
    static ChangeScope collecting(Connection connection) {
        ChangeScope scope = CURRENT.get();
        return scope != null && scope.collecting && scope.connection == connection ? scope : null;
    }

    void add(RecordEvent event, Map<String, Object> values, LocalDateTime at) {
        published.add(new Published(event, values, at));
    }

    /** Stops collecting and answers what was collected. */
    List<Published> close() {
        collecting = false;
        return List.copyOf(published);
    }

    void release() {
        CURRENT.remove();
    }
}
