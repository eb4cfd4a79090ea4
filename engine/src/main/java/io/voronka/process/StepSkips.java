package io.voronka.process;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.storage.Database;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.job.api.Job;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Skipping a process step that stopped for good: the execution leaves the failed activity along
 * its outgoing flow (Flowable's change-state API, which also removes the dead job), and who did it,
 * when and why is written in the same transaction ({@code process_step_skip}), shown in the
 * instance view. A step with several ways on is not guessed at: skipping it is refused.
 */
public final class StepSkips {

    private static final Table<Record> TABLE = table(name("process_step_skip"));
    private static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    private static final Field<String> INCIDENT = field(name("incident_id"), SQLDataType.VARCHAR);
    private static final Field<String> INSTANCE = field(name("process_instance_id"), SQLDataType.VARCHAR);
    private static final Field<String> ACTIVITY = field(name("activity_id"), SQLDataType.VARCHAR);
    private static final Field<String> TARGET = field(name("target_activity_id"), SQLDataType.VARCHAR);
    private static final Field<String> ERROR = field(name("error"), SQLDataType.CLOB);
    private static final Field<String> REASON = field(name("reason"), SQLDataType.VARCHAR);
    private static final Field<String> BY = field(name("skipped_by"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> AT = field(name("skipped_at"), SQLDataType.LOCALDATETIME(3));

    private final Database database;
    private final ManagementService management;
    private final RuntimeService runtime;
    private final RepositoryService repository;

    public StepSkips(Database database, ManagementService management, RuntimeService runtime, RepositoryService repository) {
        this.database = database;
        this.management = management;
        this.runtime = runtime;
        this.repository = repository;
    }

    /** Skips a dead-lettered job's activity; false when no such job is dead. */
    public boolean skipDeadJob(String jobId, String actor, String reason) {
        Job job = management.createDeadLetterJobQuery().jobId(jobId).singleResult();
        if (job == null || job.getProcessInstanceId() == null || job.getElementId() == null) {
            return false;
        }
        FlowElement element = repository.getBpmnModel(job.getProcessDefinitionId()).getFlowElement(job.getElementId());
        List<SequenceFlow> ways = element instanceof FlowNode node ? node.getOutgoingFlows() : List.of();
        if (ways.size() != 1) {
            throw DomainError.conflict(Message.of("incident.skip.ways", job.getElementId(), ways.size()));
        }
        String target = ways.getFirst().getTargetRef();
        management.executeCommand(context -> {
            runtime.createChangeActivityStateBuilder().processInstanceId(job.getProcessInstanceId())
                    .moveActivityIdTo(job.getElementId(), target).changeState();
            if (management.createDeadLetterJobQuery().jobId(jobId).count() > 0) {
                management.deleteDeadLetterJob(jobId);
            }
            record(FlowableTransaction.connection(), "job:" + jobId, job.getProcessInstanceId(), job.getElementId(), target,
                    job.getExceptionMessage(), reason, actor);
            return null;
        });
        return true;
    }

    /** Records a skip on the caller's connection, so it commits with the move past the step. */
    public void record(java.sql.Connection connection, String incidentId, String processInstanceId, String activityId,
                       String targetActivityId, String error, String reason, String actor) {
        DSL.using(connection, dialect()).insertInto(TABLE)
                .set(ID, UUID.randomUUID().toString()).set(INCIDENT, incidentId)
                .set(INSTANCE, processInstanceId).set(ACTIVITY, activityId).set(TARGET, targetActivityId)
                .set(ERROR, error).set(REASON, reason).set(BY, actor)
                .set(AT, LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS)).execute();
    }

    /** The skips of one instance, oldest first: {@code [{"incidentId","activityId","targetActivityId","reason","skippedBy","skippedAt"}]}. */
    public JsonArray of(String processInstanceId) {
        JsonArray result = new JsonArray();
        database.withConnection(c -> DSL.using(c, dialect()).select(INCIDENT, ACTIVITY, TARGET, REASON, BY, AT).from(TABLE)
                .where(INSTANCE.eq(processInstanceId)).orderBy(AT, ID).fetch()).forEach(r -> result.add(new JsonObject()
                .put("incidentId", r.get(INCIDENT)).put("activityId", r.get(ACTIVITY)).put("targetActivityId", r.get(TARGET))
                .put("reason", r.get(REASON)).put("skippedBy", r.get(BY))
                .put("skippedAt", r.get(AT).toInstant(ZoneOffset.UTC).toString())));
        return result;
    }

    private SQLDialect dialect() {
        return database.dialect();
    }
}
