package io.voronka.timeline;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.voronka.plugin.JournaledCalls;
import io.voronka.process.ProcessVariables;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowable.engine.HistoryService;
import org.flowable.engine.TaskService;
import org.flowable.engine.impl.persistence.entity.CommentEntity;
import org.flowable.engine.task.Comment;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.task.api.history.HistoricTaskInstance;

/**
 * What processes did about a record, from Flowable's history: tasks done (with the outcome and
 * comment from their form), comments written on its tasks in the inbox (as comments, under their
 * author, naming the task), the steps each process took, and the messages its plugin steps sent
 * (from the invocation journal; such a step shows as the message, not twice). A record's
 * processes are found by their business key, which is the record's id for every process a record
 * event started (the same key {@code ProcessHistory} reads): it is indexed, where the
 * {@code recordId} variable is not, so a card stays cheap beside millions of process variables.
 * A record's processes are few; they are read whole (at most 100 instances) and cut here; the
 * journal and the tasks are asked only when a service task or a user task ran (a card costs five
 * small queries to Flowable and one per process with a user task at most, two for a process
 * without either). Task comments stay where the inbox keeps them (Flowable's comments of the
 * process), read here rather than copied, so the task and the card never disagree.
 */
final class ProcessTimeline implements TimelineSource {

    private static final int MAX_INSTANCES = 100;
    private static final int MAX_ITEMS = 1000;
    /** Activities a reader of the card does not think of as steps; user tasks show as tasks. */
    private static final Set<String> NOT_STEPS = Set.of("sequenceFlow", "exclusiveGateway", "parallelGateway",
            "inclusiveGateway", "eventBasedGateway", "userTask");

    private final HistoryService history;
    private final TaskService tasks;
    private final JournaledCalls journal;

    /** {@code journal} null: a node without plugins sends no messages. */
    ProcessTimeline(HistoryService history, TaskService tasks, JournaledCalls journal) {
        this.history = history;
        this.tasks = tasks;
        this.journal = journal;
    }

    @Override
    public List<TimelineEntry> newestFirst(String entity, String recordId, LocalDateTime atOrBefore, int limit) {
        Map<String, HistoricProcessInstance> instances = new HashMap<>();
        for (HistoricProcessInstance instance : history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(recordId).orderByProcessInstanceStartTime().desc().listPage(0, MAX_INSTANCES)) {
            instances.put(instance.getId(), instance);
        }
        if (instances.isEmpty()) {
            return List.of();
        }
        List<TimelineEntry> entries = new ArrayList<>();
        List<HistoricActivityInstance> steps = history.createHistoricActivityInstanceQuery()
                .processInstanceIds(instances.keySet()).orderByHistoricActivityInstanceStartTime().desc()
                .listPage(0, MAX_ITEMS);
        Map<String, String> stepNames = new HashMap<>();
        steps.forEach(step -> stepNames.put(step.getProcessInstanceId() + "/" + step.getActivityId(), stepName(step)));
        // Only plugin steps (service tasks) send messages, only user tasks are tasks: ask for neither when none ran.
        boolean anyServiceTask = steps.stream().anyMatch(step -> "serviceTask".equals(step.getActivityType()));
        boolean anyTaskDone = steps.stream().anyMatch(step -> "userTask".equals(step.getActivityType())
                && step.getEndTime() != null);
        Set<String> messageSteps = new HashSet<>();
        (journal == null || !anyServiceTask ? List.<JournaledCalls.Done>of() : journal.doneIn(instances.keySet())).forEach(call -> {
            String step = call.processInstanceId() + "/" + call.activityId();
            messageSteps.add(step);
            HistoricProcessInstance instance = instances.get(call.processInstanceId());
            entries.add(new TimelineEntry("message:" + call.processInstanceId() + ":" + call.activityId(), "message",
                    call.at(), actor(instance), new JsonObject().put("name", instance.getProcessDefinitionName())
                    .put("action", call.actionId()).put("step", stepNames.getOrDefault(step, call.activityId()))));
        });
        for (HistoricActivityInstance step : steps) {
            if (step.getEndTime() == null || NOT_STEPS.contains(step.getActivityType())
                    || messageSteps.contains(step.getProcessInstanceId() + "/" + step.getActivityId())) {
                continue;
            }
            HistoricProcessInstance instance = instances.get(step.getProcessInstanceId());
            entries.add(new TimelineEntry("process:" + step.getId(), "process", time(step.getEndTime()), actor(instance),
                    new JsonObject().put("name", instance.getProcessDefinitionName()).put("step", stepName(step))
                            .put("type", step.getActivityType())));
        }
        for (HistoricTaskInstance task : !anyTaskDone ? List.<HistoricTaskInstance>of() : history.createHistoricTaskInstanceQuery()
                .processInstanceIdIn(instances.keySet()).finished().includeTaskLocalVariables()
                .orderByHistoricTaskInstanceEndTime().desc().listPage(0, MAX_ITEMS)) {
            JsonObject form = form(task.getTaskLocalVariables().get(ProcessVariables.TASK_FORM));
            // Who completed it (an admin may complete a task of the pool), else whom it was with.
            String by = form.getString(task.getTaskDefinitionKey() + "CompletedBy", task.getAssignee());
            entries.add(new TimelineEntry("task:" + task.getId(), "task", time(task.getEndTime()),
                    by == null ? actor(instances.get(task.getProcessInstanceId())) : by,
                    new JsonObject().put("name", task.getName()).put("outcome", form.getString("outcome"))
                            .put("comment", form.getString("comment"))));
        }
        entries.addAll(taskComments(steps.stream().filter(step -> "userTask".equals(step.getActivityType()))
                .map(HistoricActivityInstance::getProcessInstanceId).collect(java.util.stream.Collectors.toSet())));
        return entries.stream().filter(e -> atOrBefore == null || !e.at().isAfter(atOrBefore))
                .sorted(Timeline.NEWEST_FIRST).limit(limit).toList();
    }

    /** Comments written on the tasks of the given processes, each naming its task. */
    private List<TimelineEntry> taskComments(Set<String> processesWithTasks) {
        List<Comment> comments = new ArrayList<>();
        processesWithTasks.forEach(id -> comments.addAll(tasks.getProcessInstanceComments(id, CommentEntity.TYPE_COMMENT)));
        Set<String> taskIds = new HashSet<>();
        comments.stream().map(Comment::getTaskId).filter(java.util.Objects::nonNull).forEach(taskIds::add);
        Map<String, String> taskNames = new HashMap<>();
        if (!taskIds.isEmpty()) {
            history.createHistoricTaskInstanceQuery().taskIds(taskIds).list()
                    .forEach(task -> taskNames.put(task.getId(), task.getName()));
        }
        return comments.stream().map(comment -> new TimelineEntry("task-comment:" + comment.getId(), "comment",
                time(comment.getTime()), comment.getUserId(), new JsonObject().put("commentId", comment.getId())
                .put("text", comment.getFullMessage()).put("task", taskNames.get(comment.getTaskId()))
                .put("taskId", comment.getTaskId()))).toList();
    }

    private static String stepName(HistoricActivityInstance step) {
        return step.getActivityName() == null ? step.getActivityId() : step.getActivityName();
    }

    private static String actor(HistoricProcessInstance instance) {
        return "process:" + instance.getProcessDefinitionKey();
    }

    private static JsonObject form(Object text) {
        try {
            return text instanceof String s ? new JsonObject(s) : new JsonObject();
        } catch (DecodeException e) {
            return new JsonObject();
        }
    }

    private static LocalDateTime time(Date date) {
        return LocalDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

}
