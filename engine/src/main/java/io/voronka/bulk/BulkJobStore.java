package io.voronka.bulk;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The SQL of bulk jobs, their fixed selections and their failures, on connections the caller controls. */
final class BulkJobStore {

    static final int ERRORS_SHOWN = 100;

    private static final Table<?> JOB = table(name("bulk_job"));
    private static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    private static final Field<String> OWNER = field(name("owner"), SQLDataType.VARCHAR);
    private static final Field<String> ACTOR = field(name("actor"), SQLDataType.CLOB);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> ACTION = field(name("action"), SQLDataType.VARCHAR);
    private static final Field<String> VALUES = field(name("change_values"), SQLDataType.CLOB);
    private static final Field<String> FILTER = field(name("filter"), SQLDataType.CLOB);
    private static final Field<String> STATE = field(name("state"), SQLDataType.VARCHAR);
    private static final Field<Boolean> SELECTED = field(name("selected"), SQLDataType.BOOLEAN);
    private static final Field<String> SELECTED_AFTER = field(name("selected_after"), SQLDataType.VARCHAR);
    private static final Field<String> APPLIED_AFTER = field(name("applied_after"), SQLDataType.VARCHAR);
    private static final Field<Integer> TOTAL = field(name("total"), SQLDataType.INTEGER);
    private static final Field<Integer> DONE = field(name("done"), SQLDataType.INTEGER);
    private static final Field<Integer> FAILED = field(name("failed"), SQLDataType.INTEGER);
    private static final Field<String> DETAIL = field(name("detail"), SQLDataType.VARCHAR);
    private static final Field<String> RUNNER = field(name("runner"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> LEASE_UNTIL = field(name("lease_until"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> CREATED_AT = field(name("created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> FINISHED_AT = field(name("finished_at"), SQLDataType.LOCALDATETIME);

    private static final Table<?> ITEM = table(name("bulk_job_item"));
    private static final Field<String> JOB_ID = field(name("job_id"), SQLDataType.VARCHAR);
    private static final Field<String> RECORD_ID = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Table<?> ERROR = table(name("bulk_job_error"));

    /** What a runner needs of a job: what to do, as whom, and where it stands. */
    record Work(String id, String owner, Actor actor, String entity, String action, Map<String, Object> values,
                String filter, boolean selected, String selectedAfter, String appliedAfter, int total, int done,
                int failed) {
    }

    private final SQLDialect dialect;

    BulkJobStore(SQLDialect dialect) {
        this.dialect = dialect;
    }

    private DSLContext sql(Connection c) {
        return DSL.using(c, dialect);
    }

    void insert(Connection c, String id, Actor actor, String entity, String action, Map<String, Object> values,
                String filter, Collection<String> ids, LocalDateTime now) {
        boolean selected = ids != null;
        sql(c).insertInto(JOB).set(ID, id).set(OWNER, actor.username()).set(ACTOR, actorJson(actor).encode())
                .set(ENTITY, entity).set(ACTION, action).set(VALUES, values == null ? null : new JsonObject(values).encode())
                .set(FILTER, filter).set(STATE, "queued").set(SELECTED, selected)
                .set(TOTAL, selected ? ids.size() : 0).set(DONE, 0).set(FAILED, 0).set(CREATED_AT, now).execute();
        if (selected) {
            addItems(c, id, ids);
        }
    }

    void addItems(Connection c, String jobId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        var insert = sql(c).insertInto(ITEM, JOB_ID, RECORD_ID);
        for (String id : new java.util.TreeSet<>(ids)) {
            insert = insert.values(jobId, id);
        }
        insert.execute();
    }

    /** Jobs not finished whose lease ran out (or never began), oldest first: what a runner may take. */
    List<String> claimable(Connection c, LocalDateTime now, int limit) {
        return sql(c).select(ID).from(JOB).where(STATE.in("queued", "running"))
                .and(LEASE_UNTIL.isNull().or(LEASE_UNTIL.lt(now))).orderBy(CREATED_AT, ID).limit(limit).fetch(ID);
    }

    /** Takes the job for {@code runner} until {@code until}, if nobody else holds it: the conditional UPDATE is the claim. */
    boolean claim(Connection c, String id, String runner, LocalDateTime now, LocalDateTime until) {
        return sql(c).update(JOB).set(RUNNER, runner).set(LEASE_UNTIL, until).set(STATE, "running")
                .where(ID.eq(id)).and(STATE.in("queued", "running"))
                .and(LEASE_UNTIL.isNull().or(LEASE_UNTIL.lt(now)).or(RUNNER.eq(runner))).execute() == 1;
    }

    /**
     * Extends the lease and locks the job's row for the caller's transaction, if this runner still
     * holds it; otherwise empty and the runner stops. Another runner's batch waits on this lock.
     */
    Optional<Work> hold(Connection c, String id, String runner, LocalDateTime until) {
        int held = sql(c).update(JOB).set(LEASE_UNTIL, until).where(ID.eq(id)).and(RUNNER.eq(runner))
                .and(STATE.eq("running")).execute();
        if (held != 1) {
            return Optional.empty();
        }
        return sql(c).selectFrom(JOB).where(ID.eq(id)).fetchOptional().map(BulkJobStore::work);
    }

    int release(Connection c, String runner) {
        return sql(c).update(JOB).set(LEASE_UNTIL, (LocalDateTime) null).where(RUNNER.eq(runner))
                .and(STATE.eq("running")).execute();
    }

    void selected(Connection c, String id, String after, boolean finished, int total) {
        sql(c).update(JOB).set(SELECTED_AFTER, after).set(SELECTED, finished).set(TOTAL, total).where(ID.eq(id)).execute();
    }

    void applied(Connection c, String id, String after, int done, int failed) {
        sql(c).update(JOB).set(APPLIED_AFTER, after).set(DONE, done).set(FAILED, failed).where(ID.eq(id)).execute();
    }

    void finish(Connection c, String id, String state, String detail, LocalDateTime now) {
        sql(c).update(JOB).set(STATE, state).set(DETAIL, detail).set(FINISHED_AT, now).set(LEASE_UNTIL, (LocalDateTime) null)
                .where(ID.eq(id)).execute();
    }

    int countItems(Connection c, String jobId) {
        return sql(c).fetchCount(ITEM, JOB_ID.eq(jobId));
    }

    List<String> items(Connection c, String jobId, String after, int limit) {
        return sql(c).select(RECORD_ID).from(ITEM).where(JOB_ID.eq(jobId))
                .and(after == null ? DSL.noCondition() : RECORD_ID.gt(after)).orderBy(RECORD_ID).limit(limit).fetch(RECORD_ID);
    }

    void failure(Connection c, String jobId, String recordId, String detail) {
        sql(c).insertInto(ERROR).set(JOB_ID, jobId).set(RECORD_ID, recordId)
                .set(DSL.field(name("detail"), SQLDataType.VARCHAR), detail.length() <= 1000 ? detail : detail.substring(0, 1000))
                .execute();
    }

    Optional<BulkJob> find(Connection c, String id) {
        return sql(c).selectFrom(JOB).where(ID.eq(id)).fetchOptional().map(r -> new BulkJob(r.get(ID), r.get(OWNER),
                r.get(ENTITY), r.get(ACTION), r.get(STATE), r.get(TOTAL), r.get(DONE), r.get(FAILED), r.get(DETAIL),
                sql(c).select(RECORD_ID, DSL.field(name("detail"), SQLDataType.VARCHAR)).from(ERROR)
                        .where(JOB_ID.eq(id)).orderBy(RECORD_ID).limit(ERRORS_SHOWN)
                        .fetch(e -> new BulkJob.Failure(e.value1(), e.value2()))));
    }

    private static Work work(Record r) {
        JsonObject values = r.get(VALUES) == null ? new JsonObject() : new JsonObject(r.get(VALUES));
        return new Work(r.get(ID), r.get(OWNER), actor(new JsonObject(r.get(ACTOR))), r.get(ENTITY), r.get(ACTION),
                values.getMap(), r.get(FILTER), r.get(SELECTED), r.get(SELECTED_AFTER), r.get(APPLIED_AFTER),
                r.get(TOTAL), r.get(DONE), r.get(FAILED));
    }

    /** The caller as the job acts: the same roles and teams, so the same scopes, after a restart too. */
    private static JsonObject actorJson(Actor a) {
        return new JsonObject().put("id", a.id()).put("username", a.username()).put("displayName", a.displayName())
                .put("roles", new JsonArray(List.copyOf(a.roles()))).put("teams", new JsonArray(List.copyOf(a.teams())))
                .put("heads", new JsonArray(List.copyOf(a.heads())));
    }

    private static Actor actor(JsonObject j) {
        return new Actor(j.getString("id"), j.getString("username"), j.getString("displayName"), strings(j, "roles"),
                strings(j, "teams"), strings(j, "heads"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> strings(JsonObject j, String key) {
        return Set.copyOf((List<String>) (List<?>) j.getJsonArray(key, new JsonArray()).getList());
    }
}
