package io.voronka.timeline;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.storage.Database;
import io.voronka.plugin.JournaledCalls;
import io.voronka.process.ProcessVariables;
import io.voronka.process.TaskLabels;
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
import org.flowable.engine.ManagementService;
import org.flowable.engine.TaskService;
import org.flowable.engine.impl.persistence.entity.CommentEntity;
import org.flowable.engine.task.Comment;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.task.api.history.HistoricTaskInstance;

/**
 * What processes did about a record, from Flowable's history: tasks done (with the outcome and
 * comment from their form), the steps each process took, and the messages its plugin steps sent
 * (from the invocation journal; such a step shows as the message, not twice). A record's
 * processes are found by their business key, which is the record's id for every process a record
 * event started (the same key {@code ProcessHistory} reads): it is indexed, where the
 * {@code recordId} variable is not, so a card stays cheap beside millions of process variables.
 * A record's processes are few; they are read whole (at most 100 instances) and cut here; the
 * journal and the tasks are asked only when a service task or a user task ran.
 *
 * <p>Round trips are what a card pays for under load (each costs a scheduling delay on a busy
 * machine), and every Flowable command adds three of its own: autocommit off, commit, autocommit
 * back on. So a record no process ever ran for (an imported contact) is told apart by one plain
 * query on the business-key index of Flowable's history table, and a record with processes has
 * its instances, steps, tasks and task comments read in one Flowable command; the journal is read
 * after that command returned its connection (no code holds two). Task comments stay where the
 * inbox keeps them (Flowable's comments of the process), read here rather than copied, so the task
 * and the card never disagree.
 */
final class ProcessTimeline implements TimelineSource {

    private static final int MAX_INSTANCES = 100;
    private static final int MAX_ITEMS = 1000;
    /** Activities a reader of the card does not think of as steps; user tasks show as tasks. */
    private static final Set<String> NOT_STEPS = Set.of("sequenceFlow", "exclusiveGateway", "parallelGateway",
            "inclusiveGateway", "eventBasedGateway", "userTask");

    private final Database database;
    private final HistoryService history;
    private final ManagementService management;
    private final TaskService tasks;
    private final JournaledCalls journal;
    private final TaskLabels labels;

    /** {@code journal} null: a node without plugins sends no messages. */
    ProcessTimeline(Database database, HistoryService history, ManagementService management, TaskService tasks,
                    JournaledCalls journal, TaskLabels labels) {
        this.database = database;
        this.history = history;
        this.management = management;
        this.tasks = tasks;
        this.journal = journal;
        this.labels = labels;
    }

    /** What Flowable's history holds about a record's processes, read in one command. */
    private record Read(Map<String, HistoricProcessInstance> instances, List<HistoricActivityInstance> steps,
                        List<HistoricTaskInstance> tasks, List<TimelineEntry> taskComments) {
    }

    @Override
    public List<TimelineEntry> newestFirst(String entity, String recordId, LocalDateTime atOrBefore, int limit) {
        if (!anyProcessFor(recordId)) {
            return List.of();
        }
        Read read = management.executeCommand(context -> read(recordId));
        Map<String, HistoricProcessInstance> instances = read.instances();
        if (instances.isEmpty()) {
            return List.of();
        }
        List<TimelineEntry> entries = new ArrayList<>();
        List<HistoricActivityInstance> steps = read.steps();
        Map<String, String> stepNames = new HashMap<>();
        steps.forEach(step -> stepNames.put(step.getProcessInstanceId() + "/" + step.getActivityId(), stepName(step)));
        // Only plugin steps (service tasks) send messages: ask the journal only when one ran.
        boolean anyServiceTask = steps.stream().anyMatch(step -> "serviceTask".equals(step.getActivityType()));
        Set<String> messageSteps = new HashSet<>();
        (journal == null || !anyServiceTask ? List.<JournaledCalls.Done>of() : journal.doneIn(instances.keySet())).forEach(call -> {
            String step = call.processInstanceId() + "/" + call.activityId();
            messageSteps.add(step);
            HistoricProcessInstance instance = instances.get(call.processInstanceId());
            entries.add(new TimelineEntry("message:" + call.processInstanceId() + ":" + call.activityId(), "message",
                    call.at(), actor(instance), new JsonObject().put("name", instance.getProcessDefinitionName())
                    .put("action", call.actionId()).put("step", stepNames.getOrDefault(step, call.activityId()))
                    .put("stepLabels", stepLabels(instance.getProcessDefinitionId(), call.activityId()))));
        });
        for (HistoricActivityInstance step : steps) {
            if (step.getEndTime() == null || NOT_STEPS.contains(step.getActivityType())
                    || messageSteps.contains(step.getProcessInstanceId() + "/" + step.getActivityId())) {
                continue;
            }
            HistoricProcessInstance instance = instances.get(step.getProcessInstanceId());
            entries.add(new TimelineEntry("process:" + step.getId(), "process", time(step.getEndTime()), actor(instance),
                    new JsonObject().put("name", instance.getProcessDefinitionName()).put("step", stepName(step))
                            .put("stepLabels", stepLabels(step.getProcessDefinitionId(), step.getActivityId()))
                            .put("type", step.getActivityType())));
        }
        for (HistoricTaskInstance task : read.tasks()) {
            JsonObject form = form(task.getTaskLocalVariables().get(ProcessVariables.TASK_FORM));
            // Who completed it (an admin may complete a task of the pool), else whom it was with.
            String by = form.getString(task.getTaskDefinitionKey() + "CompletedBy", task.getAssignee());
            entries.add(new TimelineEntry("task:" + task.getId(), "task", time(task.getEndTime()),
                    by == null ? actor(instances.get(task.getProcessInstanceId())) : by,
                    new JsonObject().put("name", task.getName()).put("labels", taskLabels(task))
                            .put("outcome", form.getString("outcome"))
                            .put("comment", form.getString("comment"))));
        }
        entries.addAll(read.taskComments());
        return entries.stream().filter(e -> atOrBefore == null || !e.at().isAfter(atOrBefore))
                .sorted(Timeline.NEWEST_FIRST).limit(limit).toList();
    }

    /**
     * Whether any process ever ran with this record as its business key: one query on the index
     * Flowable keeps for it ({@code ACT_IDX_HI_PRO_I_BUSKEY}), on our own pooled connection.
     */
    private boolean anyProcessFor(String recordId) {
        return database.withConnection(c -> {
            try (var statement = c.prepareStatement("select 1 from ACT_HI_PROCINST where BUSINESS_KEY_ = ?")) {
                statement.setMaxRows(1);
                statement.setString(1, recordId);
                try (var rows = statement.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** Runs inside one Flowable command: the queries share its connection and its one transaction. */
    private Read read(String recordId) {
        Map<String, HistoricProcessInstance> instances = new HashMap<>();
        for (HistoricProcessInstance instance : history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(recordId).orderByProcessInstanceStartTime().desc().listPage(0, MAX_INSTANCES)) {
            instances.put(instance.getId(), instance);
        }
        if (instances.isEmpty()) {
            return new Read(instances, List.of(), List.of(), List.of());
        }
        List<HistoricActivityInstance> steps = history.createHistoricActivityInstanceQuery()
                .processInstanceIds(instances.keySet()).orderByHistoricActivityInstanceStartTime().desc()
                .listPage(0, MAX_ITEMS);
        // Only user tasks are tasks: ask for none when no user task was done.
        boolean anyTaskDone = steps.stream().anyMatch(step -> "userTask".equals(step.getActivityType())
                && step.getEndTime() != null);
        List<HistoricTaskInstance> done = !anyTaskDone ? List.of() : history.createHistoricTaskInstanceQuery()
                .processInstanceIdIn(instances.keySet()).finished().includeTaskLocalVariables()
                .orderByHistoricTaskInstanceEndTime().desc().listPage(0, MAX_ITEMS);
        List<TimelineEntry> comments = taskComments(steps.stream().filter(step -> "userTask".equals(step.getActivityType()))
                .map(HistoricActivityInstance::getProcessInstanceId).collect(java.util.stream.Collectors.toSet()));
        return new Read(instances, steps, done, comments);
    }

    /** Comments written on the tasks of the given processes, each naming its task. */
    private List<TimelineEntry> taskComments(Set<String> processesWithTasks) {
        List<Comment> comments = new ArrayList<>();
        processesWithTasks.forEach(id -> comments.addAll(tasks.getProcessInstanceComments(id, CommentEntity.TYPE_COMMENT)));
        Set<String> taskIds = new HashSet<>();
        comments.stream().map(Comment::getTaskId).filter(java.util.Objects::nonNull).forEach(taskIds::add);
        Map<String, HistoricTaskInstance> commented = new HashMap<>();
        if (!taskIds.isEmpty()) {
            history.createHistoricTaskInstanceQuery().taskIds(taskIds).includeTaskLocalVariables().list()
                    .forEach(task -> commented.put(task.getId(), task));
        }
        return comments.stream().map(comment -> {
            HistoricTaskInstance task = commented.get(comment.getTaskId());
            return new TimelineEntry("task-comment:" + comment.getId(), "comment",
                    time(comment.getTime()), comment.getUserId(), new JsonObject().put("commentId", comment.getId())
                    .put("text", comment.getFullMessage()).put("task", task == null ? null : task.getName())
                    .put("taskLabels", task == null ? null : taskLabels(task))
                    .put("taskId", comment.getTaskId()));
        }).toList();
    }

    /** A task's name in other languages, as the inbox showed it (see {@link TaskLabels}). */
    private JsonObject taskLabels(HistoricTaskInstance task) {
        return new JsonObject(new HashMap<>(labels.of(task.getProcessDefinitionId(), task.getTaskDefinitionKey(),
                task.getTaskLocalVariables().get(ProcessVariables.TASK_LABELS))));
    }

    /** A step's name in other languages: its element's labels as written, as its name is. */
    private JsonObject stepLabels(String processDefinitionId, String activityId) {
        return new JsonObject(new HashMap<>(labels.elements().of(processDefinitionId, activityId)));
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
