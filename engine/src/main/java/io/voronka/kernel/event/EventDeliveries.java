package io.voronka.kernel.event;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.incident.RetryPolicy;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Every consumer's deliveries of outbox events: {@code PENDING} until the consumer's reaction
 * commits ({@code DELIVERED}), retried with backoff after failures, {@code STOPPED} when its
 * attempts ran out (an incident, until an admin retries it). Keyed by consumer and event, so every
 * consumer tracks its own progress.
 */
public final class EventDeliveries {

    public enum State { PENDING, DELIVERED, STOPPED }

    /** One consumer's delivery of one event. */
    public record Delivery(String consumer, RecordEvent event) {
    }

    /** A delivery that stopped: the event and what went wrong last. */
    public record Stopped(String consumer, RecordEvent event, int attempts, String lastError, LocalDateTime at) {
    }

    static final Table<?> DELIVERY = table(name("event_delivery"));
    static final Field<String> CONSUMER = field(name("event_delivery", "consumer"), SQLDataType.VARCHAR);
    static final Field<Long> EVENT = field(name("event_delivery", "event_id"), SQLDataType.BIGINT);
    static final Field<String> STATE = field(name("event_delivery", "state"), SQLDataType.VARCHAR);
    private static final Field<Integer> ATTEMPTS = field(name("event_delivery", "attempts"), SQLDataType.INTEGER);
    private static final Field<LocalDateTime> NEXT = field(name("event_delivery", "next_attempt_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> ERROR = field(name("event_delivery", "last_error"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> UPDATED = field(name("event_delivery", "updated_at"), SQLDataType.LOCALDATETIME);

    private final SQLDialect dialect;

    public EventDeliveries(SQLDialect dialect) {
        this.dialect = dialect;
    }

    void open(Connection connection, String consumer, long eventId, LocalDateTime now) {
        LocalDateTime due = millis(now);
        sql(connection).insertInto(DELIVERY, CONSUMER, EVENT, STATE, ATTEMPTS, NEXT, UPDATED)
                .values(consumer, eventId, State.PENDING.name(), 0, due, due).execute();
    }

    /**
     * The oldest deliveries due now among the given consumers, at most {@code limit}. Ordered by
     * event, so a backlog of one consumer does not starve the others of the newest events for long.
     */
    public List<Delivery> due(Connection connection, Collection<String> consumers, int limit) {
        return sql(connection).select(Outbox.eventFields()).select(CONSUMER).from(DELIVERY)
                .join(table(name("domain_event"))).on(Outbox.ID.eq(EVENT))
                .where(CONSUMER.in(consumers)).and(STATE.eq(State.PENDING.name())).and(NEXT.le(now()))
                .orderBy(EVENT.asc(), CONSUMER.asc()).limit(limit)
                .fetch(r -> new Delivery(r.get(CONSUMER), Outbox.event(r)));
    }

    /**
     * Marks the delivery done; true only for the one caller that got there first. Called inside the
     * consumer's transaction, so a rolled-back reaction leaves it pending.
     */
    public boolean claim(Connection connection, String consumer, long eventId) {
        return sql(connection).update(DELIVERY).set(STATE, State.DELIVERED.name()).set(ATTEMPTS, ATTEMPTS.plus(1))
                .set(UPDATED, now())
                .where(CONSUMER.eq(consumer)).and(EVENT.eq(eventId)).and(STATE.eq(State.PENDING.name())).execute() == 1;
    }

    /**
     * Counts a failed attempt in its own short transaction (the reaction's rolled back): the next
     * one waits as the policy says, and after the last the delivery stops. Returns the attempt number.
     */
    public Optional<Integer> failed(Connection connection, String consumer, long eventId, String error, RetryPolicy policy) {
        DSLContext sql = sql(connection);
        Integer before = sql.select(ATTEMPTS).from(DELIVERY).where(CONSUMER.eq(consumer)).and(EVENT.eq(eventId))
                .and(STATE.eq(State.PENDING.name())).fetchOne(ATTEMPTS);
        if (before == null) {
            return Optional.empty();
        }
        int attempt = before + 1;
        boolean stop = policy.exhaustedAfter(attempt);
        LocalDateTime now = now();
        int updated = sql.update(DELIVERY).set(ATTEMPTS, attempt)
                .set(STATE, stop ? State.STOPPED.name() : State.PENDING.name())
                .set(NEXT, now.plus(policy.delayAfter(attempt))).set(ERROR, clip(error)).set(UPDATED, now)
                .where(CONSUMER.eq(consumer)).and(EVENT.eq(eventId)).and(ATTEMPTS.eq(before))
                .and(STATE.eq(State.PENDING.name())).execute();
        return updated == 1 ? Optional.of(attempt) : Optional.empty();
    }

    /** Stopped deliveries of the given consumers, most recently stopped first. */
    public List<Stopped> stopped(Connection connection, Collection<String> consumers, int limit) {
        return sql(connection).select(Outbox.eventFields()).select(CONSUMER, ATTEMPTS, ERROR, UPDATED).from(DELIVERY)
                .join(table(name("domain_event"))).on(Outbox.ID.eq(EVENT))
                .where(CONSUMER.in(consumers)).and(STATE.eq(State.STOPPED.name()))
                .orderBy(UPDATED.desc()).limit(limit)
                .fetch(r -> new Stopped(r.get(CONSUMER), Outbox.event(r), r.get(ATTEMPTS), r.get(ERROR), r.get(UPDATED)));
    }

    /** A stopped delivery gets fresh attempts, due now; false if it was not stopped. */
    public boolean retry(Connection connection, String consumer, long eventId) {
        return sql(connection).update(DELIVERY).set(STATE, State.PENDING.name()).set(ATTEMPTS, 0)
                .set(NEXT, now()).set(UPDATED, now())
                .where(CONSUMER.eq(consumer)).and(EVENT.eq(eventId)).and(STATE.eq(State.STOPPED.name())).execute() == 1;
    }

    public Optional<State> state(Connection connection, String consumer, long eventId) {
        return sql(connection).select(STATE).from(DELIVERY).where(CONSUMER.eq(consumer)).and(EVENT.eq(eventId))
                .fetchOptional(STATE).map(State::valueOf);
    }

    static String clip(String error) {
        String text = error == null ? "unknown failure" : error;
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    private static LocalDateTime now() {
        return millis(LocalDateTime.now(ZoneOffset.UTC));
    }

    /**
     * The columns keep milliseconds, and H2 rounds a finer time half up: a delivery opened at
     * 10:00:00.0006 would be stored as due at .001 and missed by a claim at .0008. Cut, never round.
     */
    private static LocalDateTime millis(LocalDateTime time) {
        return time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private DSLContext sql(Connection connection) {
        return DSL.using(connection, dialect);
    }
}
