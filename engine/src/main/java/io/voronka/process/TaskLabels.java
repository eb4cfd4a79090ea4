package io.voronka.process;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.common.engine.api.variable.VariableContainer;
import org.flowable.common.engine.impl.el.ExpressionManager;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.task.api.Task;
import org.flowable.task.service.impl.persistence.entity.TaskEntity;
import org.flowable.variable.api.persistence.entity.VariableInstance;

/**
 * A user task's name in other languages: its element's {@code voronka:label}s. A label may hold an
 * expression as the name may ({@code Позвонить: ${title}}). It is evaluated once, when the task is
 * created, exactly as Flowable evaluates the name (the engine's expression manager, against the
 * execution that creates the task; a failing expression leaves the text as written), and kept on
 * the task as {@link ProcessVariables#TASK_LABELS}. Not at read time, because: the name is frozen
 * at creation, and a label evaluated later would say something else once the variables changed;
 * only the creating execution holds its local variables (a multi-instance element variable), the
 * inbox reads process variables; and a finished task's label is then in its history, where the
 * card's timeline already reads task-local variables, with no variable history to replay. Labels
 * without an expression are not copied to every task: they are read from the BPMN
 * ({@link ElementLabels}).
 */
public final class TaskLabels implements FlowableEventListener {

    private final ElementLabels elements;
    private final TaskService tasks;
    private final HistoryService history;

    public TaskLabels(ElementLabels elements, TaskService tasks, HistoryService history) {
        this.elements = elements;
        this.tasks = tasks;
        this.history = history;
    }

    public void register(RuntimeService runtime) {
        runtime.addEventListener(this, FlowableEngineEventType.TASK_CREATED);
    }

    public ElementLabels elements() {
        return elements;
    }

    @Override
    public void onEvent(FlowableEvent event) {
        if (!(event instanceof FlowableEntityEvent entityEvent) || !(entityEvent.getEntity() instanceof TaskEntity task)
                || task.getExecutionId() == null) {
            return;
        }
        Map<String, String> labels = elements.of(task.getProcessDefinitionId(), task.getTaskDefinitionKey());
        if (labels.values().stream().noneMatch(TaskLabels::expression)) {
            return;
        }
        VariableContainer execution = CommandContextUtil.getExecutionEntityManager().findById(task.getExecutionId());
        Map<String, String> evaluated = new TreeMap<>();
        labels.forEach((lang, text) -> {
            if (expression(text)) {
                evaluated.put(lang, evaluate(text, execution));
            }
        });
        if (!evaluated.isEmpty()) {
            task.setVariableLocal(ProcessVariables.TASK_LABELS, new JsonObject(new HashMap<>(evaluated)).encode());
        }
    }

    /** As Flowable's user task behaviour names a task: the value as text, the text as written when it fails. */
    private static String evaluate(String text, VariableContainer execution) {
        ExpressionManager manager = CommandContextUtil.getProcessEngineConfiguration().getExpressionManager();
        try {
            Object value = manager.createExpression(text).getValue(execution);
            return value == null ? text : value.toString();
        } catch (RuntimeException e) {
            return text;
        }
    }

    static boolean expression(String text) {
        return text.contains("${") || text.contains("#{");
    }

    /** The labels of these running tasks by task id; the evaluated ones are read in one query, and only if any has one. */
    public Map<String, Map<String, String>> of(List<Task> list) {
        Set<String> evaluated = list.stream()
                .filter(t -> elements.of(t.getProcessDefinitionId(), t.getTaskDefinitionKey()).values().stream()
                        .anyMatch(TaskLabels::expression))
                .map(Task::getId).collect(Collectors.toSet());
        Map<String, Object> stored = new HashMap<>();
        if (!evaluated.isEmpty()) {
            for (VariableInstance variable : tasks.getVariableInstancesLocalByTaskIds(evaluated)) {
                if (ProcessVariables.TASK_LABELS.equals(variable.getName())) {
                    stored.put(variable.getTaskId(), variable.getValue());
                }
            }
        }
        Map<String, Map<String, String>> labels = new HashMap<>();
        list.forEach(t -> labels.put(t.getId(), of(t.getProcessDefinitionId(), t.getTaskDefinitionKey(), stored.get(t.getId()))));
        return labels;
    }

    /**
     * The labels of a process's steps by activity instance id: a user task's as {@link #of(String,
     * String, Object)} (its evaluated ones from the history, in one query, only if any has one),
     * any other step's as its element's, as written (its name is not evaluated either).
     */
    public Map<String, Map<String, String>> ofSteps(List<HistoricActivityInstance> steps) {
        Set<String> evaluated = steps.stream().filter(s -> s.getTaskId() != null
                        && elements.of(s.getProcessDefinitionId(), s.getActivityId()).values().stream().anyMatch(TaskLabels::expression))
                .map(HistoricActivityInstance::getTaskId).collect(Collectors.toSet());
        Map<String, Object> stored = new HashMap<>();
        if (!evaluated.isEmpty()) {
            history.createHistoricVariableInstanceQuery().taskIds(evaluated).variableName(ProcessVariables.TASK_LABELS).list()
                    .forEach(variable -> stored.put(variable.getTaskId(), variable.getValue()));
        }
        Map<String, Map<String, String>> labels = new HashMap<>();
        steps.forEach(s -> labels.put(s.getId(), s.getTaskId() == null
                ? elements.of(s.getProcessDefinitionId(), s.getActivityId())
                : of(s.getProcessDefinitionId(), s.getActivityId(), stored.get(s.getTaskId()))));
        return labels;
    }

    /**
     * A task's labels from its element's and the evaluated ones kept on it ({@code stored}, the
     * variable's value). An expression label with nothing evaluated (a task created before its
     * process had labels evaluated) is left out, so the reader sees the evaluated name instead.
     */
    public Map<String, String> of(String processDefinitionId, String taskDefinitionKey, Object stored) {
        Map<String, String> labels = new TreeMap<>();
        elements.of(processDefinitionId, taskDefinitionKey).forEach((lang, text) -> {
            if (!expression(text)) {
                labels.put(lang, text);
            }
        });
        if (stored instanceof String text) {
            try {
                new JsonObject(text).forEach(e -> {
                    if (e.getValue() instanceof String value) {
                        labels.put(e.getKey(), value);
                    }
                });
            } catch (DecodeException e) {
                // not ours: the element's labels stand
            }
        }
        return labels;
    }

    @Override
    public boolean isFailOnException() {
        return false; // a label that cannot be kept must never fail the task it names
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
