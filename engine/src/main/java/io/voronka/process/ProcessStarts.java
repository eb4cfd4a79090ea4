package io.voronka.process;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.storage.Database;
import io.voronka.record.RecordData;
import io.voronka.record.RecordPage;
import io.voronka.record.RecordQuery;
import io.voronka.record.RecordService;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.flowable.engine.RuntimeService;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting a process by hand: for one record the caller may read, or for every record of a
 * filtered list as a background job whose progress is kept in {@code process_start_job}. Only a
 * process with a {@code manual} trigger for that entity can be started so.
 */
public final class ProcessStarts {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessStarts.class);
    private static final Table<?> JOB = table(name("process_start_job"));
    private static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    private static final Field<String> ACTOR = field(name("actor"), SQLDataType.VARCHAR);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> KEY = field(name("process_key"), SQLDataType.VARCHAR);
    private static final Field<String> STATE = field(name("state"), SQLDataType.VARCHAR);
    private static final Field<Integer> TOTAL = field(name("total"), SQLDataType.INTEGER);
    private static final Field<Integer> DONE = field(name("done"), SQLDataType.INTEGER);
    private static final Field<Integer> FAILED = field(name("failed"), SQLDataType.INTEGER);
    private static final Field<String> ERRORS = field(name("errors"), SQLDataType.CLOB);
    private static final Field<LocalDateTime> CREATED = field(name("created_at"), SQLDataType.LOCALDATETIME(3));
    private static final Field<LocalDateTime> UPDATED = field(name("updated_at"), SQLDataType.LOCALDATETIME(3));
    /** A running job writes its progress after every page; one silent this long lost its node. */
    static final java.time.Duration ABANDONED = java.time.Duration.ofMinutes(5);
    private static final int PAGE = 100;
    private static final int KEPT_ERRORS = 50;

    private final RuntimeService runtime;
    private final RecordService records;
    private final TriggerCatalog triggers;
    private final Database database;

    public ProcessStarts(RuntimeService runtime, RecordService records, TriggerCatalog triggers, Database database) {
        this.runtime = runtime;
        this.records = records;
        this.triggers = triggers;
        this.database = database;
    }

    /** Starts the process for one record; 404 outside the caller's read scope. Answers the process instance id. */
    public String forRecord(Actor actor, String entity, String id, String key) {
        manualTrigger(entity, key);
        RecordData record = records.get(actor, entity, id);
        return start(actor, key, record);
    }

    private String start(Actor actor, String key, RecordData record) {
        Map<String, Object> variables = ProcessVariables.of(record);
        variables.put("startedBy", actor.username());
        return runtime.startProcessInstanceByKey(key, record.id(), variables).getId();
    }

    private void manualTrigger(String entity, String key) {
        records.entity(entity);
        if (key == null || key.isBlank()) {
            throw DomainError.invalid("key", "required", Message.of("process.start.key"));
        }
        triggers.manual(key, entity).orElseThrow(() -> DomainError.invalid("key", "exists",
                Message.of("process.start.manual", key, entity)));
    }

    /**
     * Starts the process for every record of the list the caller reads with {@code filter} (all of
     * them without one). The filter is checked and the records counted before this answers; the
     * starts run in the background, one page at a time. Answers the job's id.
     */
    public String forList(Actor actor, String entity, String key, String filter) {
        manualTrigger(entity, key);
        RecordPage first = records.list(actor, entity, RecordQuery.Request.firstPage(Map.of(), filter, 1).counted());
        String id = UUID.randomUUID().toString();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        database.inTransaction(c -> DSL.using(c, database.dialect()).insertInto(JOB, ID, ACTOR, ENTITY, KEY, STATE, TOTAL,
                        DONE, FAILED, CREATED, UPDATED)
                .values(id, actor.username(), entity, key, "running", first.count().intValue(), 0, 0, now, now).execute());
        Thread.ofVirtual().name("process-start-job-" + id).start(() -> run(id, actor, entity, key, filter));
        return id;
    }

    private void run(String jobId, Actor actor, String entity, String key, String filter) {
        int done = 0;
        int failed = 0;
        JsonArray errors = new JsonArray();
        String after = null;
        try {
            do {
                RecordQuery.Request request = RecordQuery.Request.firstPage(Map.of(), filter, PAGE);
                RecordPage page = records.list(actor, entity, after == null ? request : request.continuedFrom(after));
                for (RecordData record : page.items()) {
                    try {
                        start(actor, key, record);
                        done++;
                    } catch (RuntimeException e) {
                        failed++;
                        if (errors.size() < KEPT_ERRORS) {
                            errors.add(new JsonObject().put("id", record.id()).put("detail", StepFailureText.forClient(e.getMessage())));
                        }
                    }
                }
                progress(jobId, "running", done, failed, errors);
                after = page.next();
            } while (after != null);
            progress(jobId, "done", done, failed, errors);
        } catch (RuntimeException e) {
            LOG.warn("process start job {} stopped after {} starts: {}", jobId, done, e.getMessage());
            errors.add(new JsonObject().put("id", (String) null).put("detail", "the job stopped: " + StepFailureText.forClient(e.getMessage())));
            progress(jobId, "failed", done, failed, errors);
        }
    }

    private void progress(String jobId, String state, int done, int failed, JsonArray errors) {
        database.inTransaction(c -> DSL.using(c, database.dialect()).update(JOB).set(STATE, state).set(DONE, done)
                .set(FAILED, failed).set(ERRORS, errors.encode()).set(UPDATED, LocalDateTime.now(ZoneOffset.UTC))
                .where(ID.eq(jobId)).execute());
    }

    /**
     * Jobs whose node stopped while they ran (no progress for {@link #ABANDONED}) are marked failed,
     * so whoever waits on one learns how far it got instead of polling forever. Starts already
     * made stand; the rest is not resumed (a page in flight could otherwise start twice).
     */
    public int failAbandoned() {
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(ABANDONED);
        return database.inTransaction(c -> DSL.using(c, database.dialect()).update(JOB).set(STATE, "failed")
                .set(ERRORS, "[{\"id\":null,\"detail\":\"the node running the job stopped; start the rest again\"}]")
                .where(STATE.eq("running")).and(UPDATED.lt(cutoff)).execute());
    }

    /** The job's progress as its starter (or an admin) sees it; 404 for anyone else. */
    public JsonObject job(Actor actor, String jobId) {
        var row = database.withConnection(c -> DSL.using(c, database.dialect()).selectFrom(JOB).where(ID.eq(jobId)).fetchOne());
        if (row == null || !(actor.isAdmin() || actor.username().equals(row.get(ACTOR)))) {
            throw DomainError.notFound(Message.of("bulk.job.none", jobId));
        }
        return new JsonObject().put("id", row.get(ID)).put("entity", row.get(ENTITY)).put("processKey", row.get(KEY))
                .put("state", row.get(STATE)).put("total", row.get(TOTAL)).put("done", row.get(DONE))
                .put("failed", row.get(FAILED))
                .put("errors", row.get(ERRORS) == null ? new JsonArray() : new JsonArray(row.get(ERRORS)));
    }
}
