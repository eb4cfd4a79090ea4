package io.voronka.plugin;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Every plugin step's call, keyed by its idempotency key. The row is written as {@code PENDING} in
 * the step's own transaction, before the provider is called, and settled in a short transaction
 * after the provider answered; so a step never calls twice for one key unless a call's outcome was
 * lost (a crash between the provider's answer and the journal), and then it calls again with the
 * same key. {@code next_attempt_at} is both the backoff of a failed call and the lease of a running
 * one: whoever moves it forward owns the next attempt.
 */
final class InvocationJournal {

    private static final Table<?> JOURNAL = table(name("plugin_invocation"));
    private static final Field<String> KEY = field(name("idempotency_key"), SQLDataType.VARCHAR);
    private static final Field<String> ACTION = field(name("action_id"), SQLDataType.VARCHAR);
    private static final Field<String> OUTPUT = field(name("output"), SQLDataType.CLOB);
    private static final Field<LocalDateTime> CREATED = field(name("created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> STATE = field(name("state"), SQLDataType.VARCHAR);
    private static final Field<String> EXECUTION = field(name("execution_id"), SQLDataType.VARCHAR);
    private static final Field<String> PROCESS = field(name("process_instance_id"), SQLDataType.VARCHAR);
    private static final Field<String> ACTIVITY = field(name("activity_id"), SQLDataType.VARCHAR);
    private static final Field<String> INPUT = field(name("input"), SQLDataType.CLOB);
    private static final Field<Integer> ATTEMPTS = field(name("attempts"), SQLDataType.INTEGER);
    private static final Field<LocalDateTime> NEXT = field(name("next_attempt_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> ERROR = field(name("last_error"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> UPDATED = field(name("updated_at"), SQLDataType.LOCALDATETIME);

    private final SQLDialect dialect;

    InvocationJournal(SQLDialect dialect) {
        this.dialect = dialect;
    }

    Optional<Invocation> find(Connection c, String key) {
        return select(c).where(KEY.eq(key)).fetchOptional(InvocationJournal::invocation);
    }

    /** Journals a call about to be made; the caller holds its lease until {@code leaseUntil}. */
    void open(Connection c, Invocation call, LocalDateTime leaseUntil) {
        LocalDateTime now = now();
        sql(c).insertInto(JOURNAL, KEY, ACTION, EXECUTION, PROCESS, ACTIVITY, INPUT, STATE, ATTEMPTS, NEXT, CREATED, UPDATED)
                .values(call.key(), call.actionId(), call.executionId(), call.processInstanceId(), call.activityId(),
                        call.input(), Invocation.State.PENDING.name(), 0, leaseUntil, now, now)
                .execute();
    }

    /** Pending calls whose backoff or lease has run out: their outcome is unknown or due again. */
    List<Invocation> due(Connection c, int limit) {
        return select(c).where(STATE.eq(Invocation.State.PENDING.name())).and(NEXT.le(now()))
                .orderBy(NEXT.asc()).limit(limit).fetch(InvocationJournal::invocation);
    }

    /** Takes the lease of a due call; false when another worker or node took it first. */
    boolean lease(Connection c, Invocation call, LocalDateTime until) {
        return sql(c).update(JOURNAL).set(NEXT, until)
                .where(KEY.eq(call.key())).and(STATE.eq(Invocation.State.PENDING.name())).and(NEXT.le(now()))
                .execute() == 1;
    }

    /** Records the provider's answer; false when the call was settled already. */
    boolean settle(Connection c, String key, Invocation.State state, String output) {
        return sql(c).update(JOURNAL).set(STATE, state.name()).set(OUTPUT, output).set(ATTEMPTS, ATTEMPTS.plus(1))
                .set(NEXT, (LocalDateTime) null).set(UPDATED, now())
                .where(KEY.eq(key)).and(STATE.eq(Invocation.State.PENDING.name())).execute() == 1;
    }

    /** Records a transient failure: tried again at {@code next}, or stopped when {@code next} is null. */
    void failed(Connection c, String key, int attempts, String error, LocalDateTime next) {
        sql(c).update(JOURNAL).set(ATTEMPTS, attempts).set(ERROR, clip(error))
                .set(STATE, next == null ? Invocation.State.STOPPED.name() : Invocation.State.PENDING.name())
                .set(NEXT, next).set(UPDATED, now())
                .where(KEY.eq(key)).and(STATE.eq(Invocation.State.PENDING.name())).execute();
    }

    /** A stopped call gets fresh attempts, due now; false if it was not stopped. */
    boolean rearm(Connection c, String key) {
        return sql(c).update(JOURNAL).set(STATE, Invocation.State.PENDING.name()).set(ATTEMPTS, 0).set(NEXT, now()).set(UPDATED, now())
                .where(KEY.eq(key)).and(STATE.eq(Invocation.State.STOPPED.name())).execute() == 1;
    }

    /** A stopped call is passed over; false if it was not stopped. */
    boolean skip(Connection c, String key, String output) {
        return sql(c).update(JOURNAL).set(STATE, Invocation.State.SKIPPED.name()).set(OUTPUT, output).set(NEXT, (LocalDateTime) null)
                .set(UPDATED, now()).where(KEY.eq(key)).and(STATE.eq(Invocation.State.STOPPED.name())).execute() == 1;
    }

    List<Invocation> stopped(Connection c, int limit) {
        return select(c).where(STATE.eq(Invocation.State.STOPPED.name())).orderBy(UPDATED.desc()).limit(limit)
                .fetch(InvocationJournal::invocation);
    }

    /** Calls of one process that failed at least once and have not succeeded since. */
    List<Invocation> failing(Connection c, String processInstanceId) {
        return select(c).where(PROCESS.eq(processInstanceId)).and(ERROR.isNotNull())
                .and(STATE.in(Invocation.State.PENDING.name(), Invocation.State.STOPPED.name()))
                .fetch(InvocationJournal::invocation);
    }

    private org.jooq.SelectJoinStep<? extends org.jooq.Record> select(Connection c) {
        return sql(c).select(KEY, ACTION, EXECUTION, PROCESS, ACTIVITY, INPUT, STATE, ATTEMPTS, OUTPUT, ERROR, UPDATED)
                .from(JOURNAL);
    }

    private static Invocation invocation(org.jooq.Record r) {
        return new Invocation(r.get(KEY), r.get(ACTION), r.get(EXECUTION), r.get(PROCESS), r.get(ACTIVITY), r.get(INPUT),
                Invocation.State.valueOf(r.get(STATE)), r.get(ATTEMPTS), r.get(OUTPUT), r.get(ERROR), r.get(UPDATED));
    }

    private static String clip(String error) {
        String text = error == null ? "unknown failure" : error;
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    private DSLContext sql(Connection c) {
        return DSL.using(c, dialect);
    }
}
