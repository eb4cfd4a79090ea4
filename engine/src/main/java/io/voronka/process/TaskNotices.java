package io.voronka.process;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.event.LiveNotice;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.common.engine.impl.cfg.TransactionState;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.impl.persistence.entity.CommentEntity;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.task.service.impl.persistence.entity.TaskEntity;

/**
 * Tells the consoles that an inbox changed: a task created, assigned (claimed) or completed
 * publishes a live notice once its transaction committed, so no one refreshes for a task that
 * was rolled back. The notice is read inside the transaction (the task's record is a process
 * variable there) and sent after it. A comment on a task lands on its record's timeline, so the
 * record's card hears of it as of a comment on the record.
 */
public final class TaskNotices implements FlowableEventListener {

    private final Vertx vertx;

    public TaskNotices(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Listens to the engine's task events. */
    public void register(RuntimeService runtime) {
        runtime.addEventListener(this, FlowableEngineEventType.TASK_CREATED, FlowableEngineEventType.TASK_ASSIGNED,
                FlowableEngineEventType.TASK_COMPLETED, FlowableEngineEventType.ENTITY_CREATED);
    }

    @Override
    public void onEvent(FlowableEvent event) {
        if (!(event instanceof FlowableEntityEvent entityEvent)) {
            return;
        }
        if (entityEvent.getEntity() instanceof CommentEntity comment) {
            commented(comment);
            return;
        }
        if (event.getType() == FlowableEngineEventType.ENTITY_CREATED || !(entityEvent.getEntity() instanceof TaskEntity task)) {
            return;
        }
        String change = switch ((FlowableEngineEventType) event.getType()) {
            case TASK_CREATED -> "created";
            case TASK_ASSIGNED -> "assigned";
            default -> "completed";
        };
        Object entity = task.getVariable(ProcessVariables.ENTITY);
        Object recordId = task.getVariable(ProcessVariables.RECORD_ID);
        JsonObject notice = LiveNotice.task(change, task.getId(), task.getAssignee(),
                entity == null ? null : entity.toString(),
                recordId == null ? null : recordId.toString());
        afterCommit(notice);
    }

    private void commented(CommentEntity comment) {
        if (!CommentEntity.TYPE_COMMENT.equals(comment.getType()) || comment.getProcessInstanceId() == null) {
            return;
        }
        ExecutionEntity process = CommandContextUtil.getExecutionEntityManager().findById(comment.getProcessInstanceId());
        Object entity = process == null ? null : process.getVariable(ProcessVariables.ENTITY);
        Object recordId = process == null ? null : process.getVariable(ProcessVariables.RECORD_ID);
        if (entity != null && recordId != null) {
            afterCommit(LiveNotice.timeline(entity.toString(), recordId.toString(), "comment"));
        }
    }

    private void afterCommit(JsonObject notice) {
        Context.getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                ctx -> vertx.eventBus().publish(LiveNotice.ADDRESS, notice));
    }

    @Override
    public boolean isFailOnException() {
        return false; // a notice that cannot be sent must never fail the user's task
    }

    @Override
    public boolean isFireOnTransactionLifecycleEvent() {
        return false;
    }

    @Override
    public String getOnTransaction() {
        return null;
    }
}
