package io.voronka.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.RecordVisibility;
import io.voronka.form.FormCatalog;
import io.voronka.form.FormDefinition;
import io.voronka.kernel.error.DomainError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.engine.TaskService;
import org.flowable.identitylink.api.IdentityLinkInfo;
import org.flowable.task.api.Task;
import org.flowable.task.api.TaskQuery;

/**
 * A person's tasks: managers see what is assigned to them and what their group may claim; admins
 * see everything. A task about a record shows only to those who may read that record (the record
 * scopes). Claiming and completing check the same visibility, so an id guessed from elsewhere
 * answers 404.
 */
public final class Inbox {

    private static final Pattern TASK_ID = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");

    private final TaskService tasks;
    private final FormCatalog forms;
    private final RecordVisibility records;

    public Inbox(TaskService tasks, FormCatalog forms, RecordVisibility records) {
        this.tasks = tasks;
        this.forms = forms;
        this.records = records;
    }

    public List<Task> visibleTo(Actor user) {
        TaskQuery query = tasks.createTaskQuery().includeProcessVariables().includeIdentityLinks().active();
        if (!user.isAdmin()) {
            query = query.or().taskAssignee(user.username()).taskCandidateGroupIn(List.copyOf(user.roles())).endOr();
        }
        return aboutReadableRecords(user, query.orderByTaskCreateTime().asc().listPage(0, 500));
    }

    /** The tasks whose record the user may read (a task about no record stays): one query per entity. */
    private List<Task> aboutReadableRecords(Actor user, List<Task> candidates) {
        Map<String, Set<String>> idsByEntity = new HashMap<>();
        for (Task task : candidates) {
            recordOf(task).ifPresent(r -> idsByEntity.computeIfAbsent(r.entity(), e -> new HashSet<>()).add(r.id()));
        }
        Set<RecordRef> readable = new HashSet<>();
        idsByEntity.forEach((entity, ids) -> records.readable(user, entity, ids)
                .forEach(id -> readable.add(new RecordRef(entity, id))));
        return candidates.stream().filter(t -> recordOf(t).map(readable::contains).orElse(true)).toList();
    }

    private record RecordRef(String entity, String id) {
    }

    /** The record a task is about, from the process variables every record-started process carries. */
    private static Optional<RecordRef> recordOf(Task task) {
        Object id = task.getProcessVariables().get(ProcessVariables.RECORD_ID);
        if (id == null) {
            return Optional.empty();
        }
        Object entity = task.getProcessVariables().get(ProcessVariables.ENTITY);
        return Optional.of(new RecordRef(entity == null ? "" : entity.toString(), id.toString()));
    }

    public Task claim(Actor user, String taskId) {
        Task task = visibleTask(user, taskId);
        if (user.username().equals(task.getAssignee())) {
            return task;
        }
        if (task.getAssignee() != null) {
            throw DomainError.conflict("the task is already claimed by " + task.getAssignee());
        }
        try {
            tasks.claim(taskId, user.username());
        } catch (org.flowable.common.engine.api.FlowableTaskAlreadyClaimedException e) {
            throw DomainError.conflict("the task was just claimed by someone else");
        } catch (FlowableOptimisticLockingException e) {
            // two claims of one task at the same moment: one wins, the other hears so (found by ApiFuzzTest)
            throw DomainError.conflict("the task was just changed by someone else; reload it");
        }
        return visibleTask(user, taskId);
    }

    public void complete(Actor user, String taskId, Map<String, Object> submitted) {
        Task task = visibleTask(user, taskId);
        if (task.getAssignee() == null && !user.isAdmin()) {
            throw DomainError.conflict("claim the task before completing it");
        }
        if (task.getAssignee() != null && !task.getAssignee().equals(user.username()) && !user.isAdmin()) {
            throw DomainError.forbidden("the task is assigned to " + task.getAssignee());
        }
        Map<String, Object> variables = new HashMap<>();
        FormDefinition form = forms.find(task.getFormKey()).orElse(null);
        if (form != null) {
            forms.validate(form, submitted).forEach((name, value) -> variables.put(name, ProcessVariables.variable(value)));
        } else if (!submitted.isEmpty()) {
            throw DomainError.invalid("values", "unknown", "this task has no form; send no values");
        }
        variables.put(task.getTaskDefinitionKey() + "CompletedBy", user.username());
        try {
            // A copy of the form on the task itself: the process variables hold only the last
            // task's outcome, the card's timeline shows each task's own.
            tasks.setVariableLocal(taskId, ProcessVariables.TASK_FORM, formText(variables));
            tasks.complete(taskId, variables);
        } catch (org.flowable.common.engine.api.FlowableObjectNotFoundException e) {
            throw DomainError.conflict("the task was completed meanwhile");
        } catch (FlowableOptimisticLockingException e) {
            throw DomainError.conflict("the task was just changed by someone else; reload it");
        }
    }

    private static String formText(Map<String, Object> values) {
        JsonObject form = new JsonObject();
        values.forEach((name, value) -> form.put(name, io.voronka.kernel.field.FieldValues.display(value)));
        return form.encode();
    }

    private Task visibleTask(Actor user, String taskId) {
        if (!TASK_ID.matcher(taskId).matches()) {
            // Flowable's ids are short ASCII; anything else cannot exist and never reaches the database.
            throw DomainError.notFound("no such task in your inbox");
        }
        TaskQuery query = tasks.createTaskQuery().taskId(taskId).includeProcessVariables().includeIdentityLinks();
        Task task = query.singleResult();
        if (task == null || !maySee(user, task)
                || !recordOf(task).map(r -> records.canRead(user, r.entity(), r.id())).orElse(true)) {
            throw DomainError.notFound("no task " + taskId + " in your inbox");
        }
        return task;
    }

    private static boolean maySee(Actor user, Task task) {
        if (user.isAdmin() || user.username().equals(task.getAssignee())) {
            return true;
        }
        if (task.getAssignee() != null) {
            return false;
        }
        for (IdentityLinkInfo link : task.getIdentityLinks()) {
            if (link.getGroupId() != null && user.roles().contains(link.getGroupId())) {
                return true;
            }
        }
        return false;
    }

    public JsonObject toJson(Task task) {
        Map<String, Object> variables = task.getProcessVariables();
        List<String> groups = new ArrayList<>();
        task.getIdentityLinks().stream().filter(l -> l.getGroupId() != null).forEach(l -> groups.add(l.getGroupId()));
        JsonObject json = new JsonObject()
                .put("id", task.getId())
                .put("name", task.getName())
                .put("processInstanceId", task.getProcessInstanceId())
                .put("processKey", task.getProcessDefinitionId() == null ? null : task.getProcessDefinitionId().split(":")[0])
                .put("recordId", variables.get(ProcessVariables.RECORD_ID))
                .put("entity", variables.get(ProcessVariables.ENTITY))
                .put("assignee", task.getAssignee())
                .put("candidateGroups", new JsonArray(groups))
                .put("createdAt", task.getCreateTime() == null ? null : task.getCreateTime().toInstant().toString());
        FormDefinition form = forms.find(task.getFormKey()).orElse(null);
        json.put("form", form == null ? new JsonObject().put("fields", new JsonArray())
                : JsonObject.mapFrom(form));
        return json;
    }
}
