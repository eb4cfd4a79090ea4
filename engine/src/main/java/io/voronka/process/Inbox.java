package io.voronka.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.form.FormCatalog;
import io.voronka.form.FormDefinition;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.RecordVisibility;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.common.engine.api.FlowableTaskAlreadyClaimedException;
import org.flowable.common.engine.impl.identity.Authentication;
import org.flowable.engine.TaskService;
import org.flowable.engine.task.Comment;
import org.flowable.identitylink.api.IdentityLinkInfo;
import org.flowable.task.api.DelegationState;
import org.flowable.task.api.Task;
import org.flowable.task.api.TaskQuery;

/**
 * A person's tasks. Managers see what is assigned to them (or what they delegated), what their
 * groups (roles, and teams as {@code team:<id>}) may claim, and a team head also the tasks of the
 * members of the teams they lead; admins see everything. A task about a record shows only to those
 * who may read that record (the record scopes). Every action checks the same visibility, so an id
 * guessed from elsewhere answers 404.
 */
public final class Inbox {

    private static final Pattern TASK_ID = Pattern.compile("^[A-Za-z0-9_.:-]{1,64}$");
    /** Flowable is read this many tasks at a time until the caller's page is full of visible ones. */
    private static final int SCAN = 200;

    private final TaskService tasks;
    private final FormCatalog forms;
    private final RecordVisibility records;
    private final TaskRecordCards cards;
    private final TeamHeads heads;
    private final Function<String, Optional<Actor>> users;
    private final TaskLabels labels;

    public Inbox(TaskService tasks, FormCatalog forms, RecordVisibility records, TaskRecordCards cards, TeamHeads heads,
                 Function<String, Optional<Actor>> users, TaskLabels labels) {
        this.tasks = tasks;
        this.forms = forms;
        this.records = records;
        this.cards = cards;
        this.heads = heads;
        this.users = users;
        this.labels = labels;
    }

    /** The caller's groups: their roles and their teams. */
    static Set<String> groupsOf(Actor user) {
        Set<String> groups = new LinkedHashSet<>(user.roles());
        user.teams().forEach(team -> groups.add("team:" + team));
        return groups;
    }

    /**
     * A view of the inbox, oldest first. Flowable is read page after page and each page filtered by
     * what the caller may see, until {@code limit} visible tasks are found: tasks the caller may not
     * see never take the place of those they may.
     */
    public List<Task> list(Actor user, TaskView.Filter filter) {
        Set<String> led = user.isAdmin() ? Set.of() : heads.membersLedBy(user);
        List<Task> found = new ArrayList<>();
        for (int first = 0; found.size() < filter.limit(); first += SCAN) {
            List<Task> page = query(user, filter, led).orderByTaskCreateTime().asc().orderByTaskId().asc().listPage(first, SCAN);
            List<Task> visible = aboutReadableRecords(user, page.stream().filter(t -> maySee(user, t, led)).toList());
            visible.stream().limit(filter.limit() - found.size()).forEach(found::add);
            if (page.size() < SCAN) {
                break;
            }
        }
        return found;
    }

    private TaskQuery query(Actor user, TaskView.Filter filter, Set<String> led) {
        TaskQuery query = tasks.createTaskQuery().includeProcessVariables().includeIdentityLinks().active();
        List<String> groups = List.copyOf(groupsOf(user));
        String me = user.username();
        switch (filter.view()) {
            case MINE -> query = query.or().taskAssignee(me).taskOwner(me).endOr();
            case POOL -> {
                query = query.taskUnassigned();
                if (!user.isAdmin()) {
                    query = query.taskCandidateGroupIn(groups);
                }
            }
            case GROUPS -> query = query.taskCandidateGroupIn(groups).ignoreAssigneeValue();
            case OVERDUE, ALL -> {
                if (!user.isAdmin()) {
                    query = query.or().taskAssignee(me).taskOwner(me).taskCandidateGroupIn(groups);
                    if (!led.isEmpty()) {
                        query = query.taskAssigneeIds(List.copyOf(led));
                    }
                    query = query.endOr();
                }
                if (filter.view() == TaskView.OVERDUE) {
                    query = query.taskDueBefore(new Date());
                }
            }
        }
        if (filter.processKey() != null) {
            query = query.processDefinitionKey(filter.processKey());
        }
        if (filter.entity() != null) {
            query = query.processVariableValueEquals(ProcessVariables.ENTITY, filter.entity());
        }
        if (filter.recordId() != null) {
            query = query.processVariableValueEquals(ProcessVariables.RECORD_ID, filter.recordId());
        }
        return query;
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

    record RecordRef(String entity, String id) {
    }

    /** The record a task is about, from the process variables every record-started process carries. */
    static Optional<RecordRef> recordOf(Task task) {
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
            throw DomainError.conflict(Message.of("task.claimed", task.getAssignee()));
        }
        guarded(() -> tasks.claim(taskId, user.username()));
        return visibleTask(user, taskId);
    }

    /** Gives a claimed task back to its groups' pool; only its assignee or an admin may. */
    public Task unclaim(Actor user, String taskId) {
        Task task = visibleTask(user, taskId);
        if (task.getAssignee() == null) {
            throw DomainError.conflict(Message.of("task.not-claimed"));
        }
        mustHold(user, task);
        if (task.getDelegationState() == DelegationState.PENDING) {
            throw DomainError.conflict(Message.of("task.delegated"));
        }
        if (candidateGroups(task).isEmpty()) {
            throw DomainError.conflict(Message.of("task.no-pool"));
        }
        guarded(() -> tasks.unclaim(taskId));
        return user.isAdmin() ? visibleTask(user, taskId) : task(taskId);
    }

    /**
     * Hands the task to another user for a while; they resolve it and it returns to its assignee.
     * Only the assignee or an admin may, and only to someone who may read the task's record.
     */
    public Task delegate(Actor user, String taskId, String delegate) {
        Task task = visibleTask(user, taskId);
        mustHold(user, task);
        if (task.getDelegationState() == DelegationState.PENDING) {
            throw DomainError.conflict(Message.of("task.already-delegated", task.getAssignee()));
        }
        Actor target = readerOf(task, delegate);
        if (task.getAssignee() == null) {
            // an admin delegating from the pool: the task comes back to them
            guarded(() -> tasks.setAssignee(taskId, user.username()));
        }
        guarded(() -> tasks.delegateTask(taskId, target.username()));
        return task(taskId);
    }

    /** The delegate hands the task back to the one who delegated it, optionally with a comment. */
    public Task resolve(Actor user, String taskId, String comment) {
        Task task = visibleTask(user, taskId);
        if (task.getDelegationState() != DelegationState.PENDING) {
            throw DomainError.conflict(Message.of("task.not-delegated"));
        }
        if (!user.username().equals(task.getAssignee()) && !user.isAdmin()) {
            throw DomainError.forbidden(Message.of("task.resolve.delegate-only"));
        }
        if (comment != null) {
            comment(user, taskId, comment);
        }
        guarded(() -> tasks.resolveTask(taskId));
        return task(taskId);
    }

    /**
     * Gives the task to someone else for good: admins may, and the head of a team the current
     * assignee belongs to (to a member of a team they lead); anyone else is refused (403).
     */
    public Task reassign(Actor user, String taskId, String assignee) {
        Task task = visibleTask(user, taskId);
        java.util.Set<String> led = user.isAdmin() ? java.util.Set.of() : heads.membersLedBy(user);
        if (!user.isAdmin() && (task.getAssignee() == null || !led.contains(task.getAssignee()))) {
            throw DomainError.forbidden(Message.of("task.reassign.forbidden"));
        }
        if (!user.isAdmin() && !led.contains(assignee)) {
            throw DomainError.forbidden(Message.of("task.reassign.team"));
        }
        Actor target = readerOf(task, assignee);
        guarded(() -> tasks.setAssignee(taskId, target.username()));
        return task(taskId);
    }

    public void complete(Actor user, String taskId, Map<String, Object> submitted) {
        complete(user, taskId, submitted, Map.of());
    }

    /**
     * As above, with {@code moved}: what a pipeline board's move tells the process for this one
     * step ({@link ProcessVariables#MOVED_TO} and the loss reason), transient so no later gateway
     * reads a stale move. From the inbox they are present and empty.
     */
    public void complete(Actor user, String taskId, Map<String, Object> submitted, Map<String, Object> moved) {
        Task task = visibleTask(user, taskId);
        if (task.getAssignee() == null && !user.isAdmin()) {
            throw DomainError.conflict(Message.of("task.claim-first"));
        }
        if (task.getAssignee() != null && !task.getAssignee().equals(user.username()) && !user.isAdmin()) {
            throw DomainError.forbidden(Message.of("task.assigned", task.getAssignee()));
        }
        if (task.getDelegationState() == DelegationState.PENDING) {
            throw DomainError.conflict(Message.of("task.delegated.resolve", task.getOwner()));
        }
        Map<String, Object> variables = new HashMap<>();
        FormDefinition form = forms.find(task.getFormKey()).orElse(null);
        if (form != null) {
            forms.validate(form, submitted).forEach((name, value) -> variables.put(name, ProcessVariables.variable(value)));
        } else if (!submitted.isEmpty()) {
            throw DomainError.invalid("values", "unknown", Message.of("task.no-form"));
        }
        variables.put(task.getTaskDefinitionKey() + "CompletedBy", user.username());
        guarded(() -> {
            // A copy of the form on the task itself: the process variables hold only the last
            // task's outcome, the card's timeline shows each task's own.
            tasks.setVariableLocal(taskId, ProcessVariables.TASK_FORM, formText(variables));
            Map<String, Object> transients = ProcessVariables.noMove();
            transients.putAll(moved);
            tasks.complete(taskId, variables, transients);
        });
    }

    private static String formText(Map<String, Object> values) {
        JsonObject form = new JsonObject();
        values.forEach((name, value) -> form.put(name, io.voronka.kernel.field.FieldValues.display(value)));
        return form.encode();
    }

    /** A comment on the task, kept with the task's process (Flowable's comments) under the author's name. */
    public JsonObject comment(Actor user, String taskId, String text) {
        Task task = visibleTask(user, taskId);
        String previous = Authentication.getAuthenticatedUserId();
        Authentication.setAuthenticatedUserId(user.username());
        try {
            return toJson(tasks.addComment(taskId, task.getProcessInstanceId(), text));
        } finally {
            Authentication.setAuthenticatedUserId(previous);
        }
    }

    /** The task's comments, oldest first. */
    public JsonArray comments(Actor user, String taskId) {
        visibleTask(user, taskId);
        List<Comment> comments = new ArrayList<>(tasks.getTaskComments(taskId));
        comments.sort(java.util.Comparator.comparing(Comment::getTime).thenComparing(Comment::getId));
        JsonArray result = new JsonArray();
        comments.forEach(c -> result.add(toJson(c)));
        return result;
    }

    private static JsonObject toJson(Comment comment) {
        return new JsonObject().put("id", comment.getId()).put("author", comment.getUserId())
                .put("at", comment.getTime().toInstant().toString()).put("text", comment.getFullMessage());
    }

    /** The task as an admin sees it, after an action that may have taken it out of the caller's sight. */
    private Task task(String taskId) {
        Task task = tasks.createTaskQuery().taskId(taskId).includeProcessVariables().includeIdentityLinks().singleResult();
        if (task == null) {
            throw DomainError.conflict(Message.of("task.completed-meanwhile"));
        }
        return task;
    }

    private static void mustHold(Actor user, Task task) {
        if (!user.isAdmin() && !user.username().equals(task.getAssignee())) {
            throw DomainError.forbidden(Message.of("task.assignee-only"));
        }
    }

    /** The named user, if they exist and may read the task's record (else the task would vanish from their inbox). */
    private Actor readerOf(Task task, String username) {
        Actor target = users.apply(username)
                .orElseThrow(() -> DomainError.invalid("user", "exists", Message.of("task.user.unknown", username)));
        if (!recordOf(task).map(r -> records.canRead(target, r.entity(), r.id())).orElse(true)) {
            throw DomainError.invalid("user", "scope", Message.of("task.user.scope", username));
        }
        return target;
    }

    private static void guarded(Runnable action) {
        try {
            action.run();
        } catch (FlowableTaskAlreadyClaimedException e) {
            throw DomainError.conflict(Message.of("task.claimed-meanwhile"));
        } catch (FlowableObjectNotFoundException e) {
            throw DomainError.conflict(Message.of("task.completed-meanwhile"));
        } catch (FlowableOptimisticLockingException e) {
            // two actions on one task at the same moment: one wins, the other hears so (found by ApiFuzzTest)
            throw DomainError.conflict(Message.of("task.changed-meanwhile"));
        } catch (FlowableException e) {
            if (e.getMessage() != null && e.getMessage().contains("delegat")) {
                throw DomainError.conflict(Message.of("task.delegated"));
            }
            throw e;
        }
    }

    public Task visibleTask(Actor user, String taskId) {
        if (!TASK_ID.matcher(taskId).matches()) {
            // Flowable's ids are short ASCII; anything else cannot exist and never reaches the database.
            throw DomainError.notFound(Message.of("task.none"));
        }
        Task task = tasks.createTaskQuery().taskId(taskId).includeProcessVariables().includeIdentityLinks().singleResult();
        Set<String> led = user.isAdmin() ? Set.of() : heads.membersLedBy(user);
        if (task == null || !maySee(user, task, led)
                || !recordOf(task).map(r -> records.canRead(user, r.entity(), r.id())).orElse(true)) {
            throw DomainError.notFound(Message.of("task.not-in-inbox", taskId));
        }
        return task;
    }

    private static boolean maySee(Actor user, Task task, Set<String> led) {
        String me = user.username();
        if (user.isAdmin() || me.equals(task.getAssignee()) || me.equals(task.getOwner())) {
            return true;
        }
        if (task.getAssignee() != null) {
            return led.contains(task.getAssignee());
        }
        Set<String> groups = groupsOf(user);
        return candidateGroups(task).stream().anyMatch(groups::contains);
    }

    private static List<String> candidateGroups(Task task) {
        List<String> groups = new ArrayList<>();
        for (IdentityLinkInfo link : task.getIdentityLinks()) {
            if (link.getGroupId() != null && "candidate".equals(link.getType())) {
                groups.add(link.getGroupId());
            }
        }
        return groups;
    }

    /** Tasks as the inbox answers them, their records' cards read together. */
    public JsonArray toJson(Actor user, List<Task> list) {
        Map<RecordRef, TaskRecordCards.Card> found = cards.cards(user,
                list.stream().map(Inbox::recordOf).flatMap(Optional::stream).collect(java.util.stream.Collectors.toSet()));
        Map<String, Map<String, String>> named = labels.of(list);
        JsonArray result = new JsonArray();
        list.forEach(task -> result.add(toJson(task, recordOf(task).map(found::get).orElse(null), named.get(task.getId()))));
        return result;
    }

    public JsonObject toJson(Actor user, Task task) {
        return toJson(user, List.of(task)).getJsonObject(0);
    }

    private JsonObject toJson(Task task, TaskRecordCards.Card card, Map<String, String> names) {
        Map<String, Object> variables = task.getProcessVariables();
        JsonObject json = new JsonObject()
                .put("id", task.getId())
                .put("name", task.getName())
                .put("labels", new JsonObject(new HashMap<>(names)))
                .put("processInstanceId", task.getProcessInstanceId())
                .put("processKey", task.getProcessDefinitionId() == null ? null : task.getProcessDefinitionId().split(":")[0])
                .put("recordId", variables.get(ProcessVariables.RECORD_ID))
                .put("entity", variables.get(ProcessVariables.ENTITY))
                .put("assignee", task.getAssignee())
                .put("owner", task.getOwner())
                .put("delegation", task.getDelegationState() == null ? null
                        : task.getDelegationState().name().toLowerCase(java.util.Locale.ROOT))
                .put("candidateGroups", new JsonArray(candidateGroups(task)))
                .put("createdAt", task.getCreateTime() == null ? null : task.getCreateTime().toInstant().toString())
                .put("dueDate", task.getDueDate() == null ? null : task.getDueDate().toInstant().toString())
                .put("overdue", task.getDueDate() != null && task.getDueDate().before(new Date()))
                .put("priority", task.getPriority());
        json.put("recordTitle", card == null ? null : card.title())
                .put("phone", card == null ? null : card.phone())
                .put("call", card == null || card.phone() == null ? null : "tel:" + card.phone());
        FormDefinition form = forms.find(task.getFormKey()).orElse(null);
        json.put("form", form == null ? new JsonObject().put("fields", new JsonArray())
                : JsonObject.mapFrom(form));
        return json;
    }
}
