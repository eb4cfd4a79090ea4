package io.voronka.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.process.FlowableTransaction;
import io.voronka.process.Inbox;
import io.voronka.process.ProcessVariables;
import io.voronka.record.RecordService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.runtime.Execution;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.eventsubscription.api.EventSubscription;
import org.flowable.task.api.Task;

/**
 * Moving a record to another stage of its pipeline, only the way its process allows: exactly one
 * step where the record waits must lead to the stage — a user task it completes, or a message or
 * signal it is awaiting, which it delivers. The step, the loss reason written to the record and the
 * check that the record did arrive share one transaction: a move the process took elsewhere (a
 * gateway's condition chose another branch) changes nothing and is refused, saying so.
 */
public final class StageMoves {

    /** What the board asks: the stage, the task form's values, and for a lost stage the reason. */
    public record Move(String to, Map<String, Object> values, String lossReason, String lossComment) {
    }

    /** A way forward from where the record waits: a task to complete or an event to deliver. */
    private record Way(Task task, EventSubscription event, String activityId) {
    }

    static final String OTHER_REASON = "other";

    private final Pipelines pipelines;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final ManagementService management;
    private final RecordService records;
    private final Inbox inbox;

    public StageMoves(Pipelines pipelines, RuntimeService runtime, TaskService tasks, ManagementService management,
                      RecordService records, Inbox inbox) {
        this.pipelines = pipelines;
        this.runtime = runtime;
        this.tasks = tasks;
        this.management = management;
        this.records = records;
        this.inbox = inbox;
    }

    /** Moves the record; answers the stages it is in afterwards. 404 outside the caller's read scope. */
    public JsonObject move(Actor actor, String processKey, String entityName, String id, Move move) {
        Pipeline pipeline = pipelines.get(processKey);
        if (move.to() == null || move.to().isBlank()) {
            throw DomainError.invalid("to", "required", "name the stage to move the record to");
        }
        Stage target = pipeline.stages().stage(move.to()).orElseThrow(() -> DomainError.invalid("to", "exists",
                "pipeline '" + processKey + "' has no stage '" + move.to() + "'"));
        records.get(actor, entityName, id);
        EntityDefinition entity = records.entity(entityName);
        if (target.lost()) {
            checkLoss(entity, move);
        }
        ProcessInstance instance = runtime.createProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(id).variableValueEquals(ProcessVariables.ENTITY, entityName)
                .orderByStartTime().desc().listPage(0, 1).stream().findFirst()
                .orElseThrow(() -> refused(target, "not-running", List.of(), List.of(),
                        "the record is not running in process '" + processKey + "'"));
        StageMap stages = pipelines.stagesOf(instance.getProcessDefinitionId()).orElseThrow();
        Set<Stage> current = currentStages(instance.getId(), stages);
        Stage here = stages.stage(target.key()).orElse(target);
        List<Stage> currentOrdered = stages.stages().stream().filter(current::contains).toList();
        List<String> currentLabels = currentOrdered.stream().map(Stage::label).toList();
        if (current.contains(here)) {
            throw refused(target, "already-there", currentOrdered, List.of(), "the record is already in stage «" + target.label() + "»");
        }
        List<Way> ways = waysTo(instance.getId(), stages, here);
        if (ways.isEmpty()) {
            List<StageMap.Step> after = stages.stepsLeadingTo(here);
            throw refused(target, "not-reachable", currentOrdered, after, "stage «" + target.label() + "» is reachable only after "
                    + (after.isEmpty() ? "nothing: no step of the process leads there" : describe(after))
                    + "; the record is in " + String.join(", ", currentLabels));
        }
        if (ways.size() > 1) {
            List<StageMap.Step> after = ways.stream().map(w -> step(stages, w)).toList();
            throw refused(target, "ambiguous", currentOrdered, after, "several steps lead to stage «" + target.label() + "»: "
                    + describe(after) + "; complete the one you mean from the inbox");
        }
        Way way = ways.getFirst();
        Map<String, Object> moved = new HashMap<>(ProcessVariables.noMove());
        moved.put(ProcessVariables.MOVED_TO, target.key());
        if (target.lost()) {
            moved.put(ProcessVariables.LOSS_REASON, move.lossReason());
            moved.put(ProcessVariables.LOSS_COMMENT, move.lossComment());
        }
        management.executeCommand(context -> {
            if (target.lost()) {
                writeLoss(actor, entity, id, target, move);
            }
            ExecutionEntity root = CommandContextUtil.getExecutionEntityManager().findById(instance.getId());
            root.setTransientVariables(moved);
            take(actor, way, move, moved);
            Set<Stage> reached = reachedStages(instance.getId(), stages);
            if (!reached.contains(here)) {
                throw refused(target, "other-way", currentOrdered, List.of(step(stages, way)), "completing «"
                        + stages.name(way.activityId()) + "» took the process elsewhere ("
                        + (reached.isEmpty() ? "it ended" : String.join(", ", reached.stream().map(Stage::label).toList()))
                        + "), not to stage «" + target.label() + "»: its conditions decided so; nothing was changed");
            }
            return null;
        });
        Set<Stage> after = currentStages(instance.getId(), stages);
        JsonArray now = new JsonArray();
        stages.stages().stream().filter(after::contains).forEach(s -> now.add(s.key()));
        if (now.isEmpty()) {
            now.add(here.key()); // the process ended in the stage it was moved to
        }
        return new JsonObject().put("entity", entityName).put("id", id).put("stages", now);
    }

    private void take(Actor actor, Way way, Move move, Map<String, Object> moved) {
        if (way.task() != null) {
            if (way.task().getAssignee() == null) {
                inbox.claim(actor, way.task().getId());
            }
            inbox.complete(actor, way.task().getId(), move.values() == null ? Map.of() : move.values(), moved);
        } else if ("message".equals(way.event().getEventType())) {
            runtime.messageEventReceived(way.event().getEventName(), way.event().getExecutionId());
        } else {
            runtime.signalEventReceived(way.event().getEventName(), way.event().getExecutionId());
        }
    }

    private List<Way> waysTo(String instanceId, StageMap stages, Stage target) {
        List<Way> ways = new ArrayList<>();
        for (Task task : tasks.createTaskQuery().processInstanceId(instanceId).active().list()) {
            if (stages.reachableFrom(task.getTaskDefinitionKey()).contains(target)) {
                ways.add(new Way(task, null, task.getTaskDefinitionKey()));
            }
        }
        for (EventSubscription event : runtime.createEventSubscriptionQuery().processInstanceId(instanceId).list()) {
            if (("message".equals(event.getEventType()) || "signal".equals(event.getEventType()))
                    && stages.reachableFrom(event.getActivityId()).contains(target)) {
                ways.add(new Way(null, event, event.getActivityId()));
            }
        }
        return ways;
    }

    private Set<Stage> currentStages(String instanceId, StageMap stages) {
        Set<Stage> current = new LinkedHashSet<>();
        for (Execution execution : runtime.createExecutionQuery().processInstanceId(instanceId).onlyChildExecutions().list()) {
            if (execution.getActivityId() != null && (!(execution instanceof ExecutionEntity e) || e.isActive())) {
                stages.stageOf(execution.getActivityId()).ifPresent(current::add);
            }
        }
        return current;
    }

    /** Inside the move's command: where the instance waits now, from Flowable's cache merged with the database. */
    private static Set<Stage> reachedStages(String instanceId, StageMap stages) {
        Set<Stage> reached = new LinkedHashSet<>();
        ExecutionEntity root = CommandContextUtil.getExecutionEntityManager().findById(instanceId);
        if (root == null || root.isEnded() || root.isDeleted()) {
            var ended = CommandContextUtil.getHistoricProcessInstanceEntityManager().findById(instanceId);
            if (ended != null && ended.getEndActivityId() != null) {
                stages.stageOf(ended.getEndActivityId()).ifPresent(reached::add);
            }
            return reached;
        }
        for (ExecutionEntity execution : CommandContextUtil.getExecutionEntityManager().findChildExecutionsByProcessInstanceId(instanceId)) {
            if (!execution.isDeleted() && !execution.isEnded() && execution.isActive() && execution.getActivityId() != null) {
                stages.stageOf(execution.getActivityId()).ifPresent(reached::add);
            }
        }
        return reached;
    }

    /** A loss needs a reason from the entity's list, and "other" a comment (the entity's own rules check again on write). */
    private static void checkLoss(EntityDefinition entity, Move move) {
        if (move.lossReason() == null || move.lossReason().isBlank()) {
            throw DomainError.invalid("lossReason", "required", "a move to a lost stage needs a loss reason");
        }
        FieldDefinition reasons = entity.field("loss_reason").orElse(null);
        if (reasons != null && reasons.options() != null && !reasons.options().isEmpty() && !reasons.allows(move.lossReason())) {
            throw DomainError.invalid("lossReason", "option", "'" + move.lossReason() + "' is not one of the loss reasons of " + entity.name());
        }
        if (OTHER_REASON.equals(move.lossReason()) && (move.lossComment() == null || move.lossComment().isBlank())) {
            throw DomainError.invalid("lossComment", "required", "say in a comment why, when the loss reason is Other");
        }
    }

    /** The record's own loss fields, where the entity has them, so its stage rules judge the loss too. */
    private void writeLoss(Actor actor, EntityDefinition entity, String id, Stage target, Move move) {
        Map<String, Object> values = new HashMap<>();
        entity.field("stage").filter(f -> f.options() != null && f.allows(target.key()))
                .ifPresent(f -> values.put(f.name(), target.key()));
        entity.field("loss_reason").ifPresent(f -> values.put(f.name(), move.lossReason()));
        entity.field("loss_comment").ifPresent(f -> values.put(f.name(), move.lossComment()));
        if (!values.isEmpty()) {
            records.update(FlowableTransaction.connection(), Origin.API, actor, entity.name(), id, null, values);
        }
    }

    private static StageMap.Step step(StageMap stages, Way way) {
        return new StageMap.Step(way.activityId(), stages.name(way.activityId()), stages.labels(way.activityId()),
                stages.stageOf(way.activityId()).orElse(null));
    }

    private static String describe(List<StageMap.Step> steps) {
        return String.join(" or ", steps.stream().map(s -> "«" + s.name() + "»"
                + (s.stage() == null ? "" : " in stage «" + s.stage().label() + "»")).toList());
    }

    private static DomainError refused(Stage target, String reason, List<Stage> current, List<StageMap.Step> after, String detail) {
        List<Map<String, Object>> steps = new ArrayList<>();
        after.forEach(s -> {
            Map<String, Object> step = new HashMap<>();
            step.put("stage", s.stage() == null ? null : s.stage().label());
            step.put("stageKey", s.stage() == null ? null : s.stage().key());
            step.put("step", s.name());
            step.put("stepLabels", s.labels());
            steps.add(step);
        });
        // Keys beside labels: the console names stages in the reader's language (a lane's voronka:label).
        return DomainError.stageRefused(detail, Map.of("to", target.key(), "toLabel", target.label(), "reason", reason,
                "current", current.stream().map(Stage::label).toList(),
                "currentKeys", current.stream().map(Stage::key).toList(), "after", steps));
    }
}
