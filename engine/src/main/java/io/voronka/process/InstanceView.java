package io.voronka.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.variable.api.history.HistoricVariableInstance;

/**
 * One process instance as an operator sees it beside its diagram: the version it runs on, its
 * state ("failed" as soon as a step stopped for good), where it waits, where it has been, its
 * variables with secrets blanked (the engine's own bookkeeping left out), its activity history and the steps an admin skipped.
 */
public final class InstanceView {

    static final String REDACTED = "***";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|passwd|token|api[_-]?key).*");

    private final HistoryService history;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final RepositoryService repository;
    private final StepFailures stepFailures;
    private final StepActions actions;
    private final StepSkips skips;

    public InstanceView(HistoryService history, RuntimeService runtime, ManagementService management,
                        RepositoryService repository, StepFailures stepFailures, StepActions actions, StepSkips skips) {
        this.history = history;
        this.runtime = runtime;
        this.management = management;
        this.repository = repository;
        this.stepFailures = stepFailures;
        this.actions = actions;
        this.skips = skips;
    }

    public JsonObject of(String id) {
        HistoricProcessInstance instance = id == null || id.length() > 64 ? null
                : history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
        if (instance == null) {
            throw DomainError.notFound(Message.of("process.instance.none", id));
        }
        ProcessDefinition definition = repository.createProcessDefinitionQuery()
                .processDefinitionId(instance.getProcessDefinitionId()).singleResult();
        ProcessInstance running = instance.getEndTime() == null
                ? runtime.createProcessInstanceQuery().processInstanceId(id).singleResult() : null;
        JsonArray incidents = incidents(id, running != null);
        JsonArray activities = new JsonArray();
        Set<String> completed = new LinkedHashSet<>();
        for (HistoricActivityInstance activity : history.createHistoricActivityInstanceQuery().processInstanceId(id)
                .orderByHistoricActivityInstanceStartTime().asc().list()) {
            if (activity.getEndTime() != null) {
                completed.add(activity.getActivityId());
            }
            if (activity.getActivityType().equals("sequenceFlow")) {
                continue;
            }
            activities.add(new JsonObject().put("activityId", activity.getActivityId()).put("name", activity.getActivityName())
                    .put("type", activity.getActivityType()).put("assignee", activity.getAssignee())
                    .put("startedAt", iso(activity.getStartTime())).put("endedAt", iso(activity.getEndTime())));
        }
        JsonArray current = new JsonArray();
        if (running != null) {
            // Executions, not "active activities": a step waiting on a dead job is where the instance is, too.
            runtime.createExecutionQuery().processInstanceId(id).list().stream()
                    .map(org.flowable.engine.runtime.Execution::getActivityId).filter(java.util.Objects::nonNull)
                    .distinct().sorted().forEach(current::add);
        }
        return new JsonObject()
                .put("id", instance.getId())
                .put("definitionId", instance.getProcessDefinitionId())
                .put("processKey", instance.getProcessDefinitionKey())
                .put("processName", instance.getProcessDefinitionName())
                .put("version", definition == null ? instance.getProcessDefinitionVersion() : definition.getVersion())
                .put("recordId", instance.getBusinessKey())
                .put("startedAt", iso(instance.getStartTime()))
                .put("endedAt", iso(instance.getEndTime()))
                .put("state", instance.getEndTime() != null ? "completed" : !incidents.isEmpty() ? "failed"
                        : running != null && running.isSuspended() ? "suspended" : "active")
                .put("currentActivities", current)
                .put("completedActivities", new JsonArray(java.util.List.copyOf(completed)))
                .put("variables", variables(id, instance.getProcessDefinitionId()))
                .put("activities", activities)
                .put("incidents", incidents)
                .put("skips", skips.of(id));
    }

    /** Steps of the instance that stopped for good, each under the id the incident list knows it by. */
    private JsonArray incidents(String id, boolean running) {
        JsonArray incidents = new JsonArray();
        if (!running) {
            return incidents;
        }
        management.createDeadLetterJobQuery().processInstanceId(id).list().forEach(job -> incidents.add(new JsonObject()
                .put("id", "job:" + job.getId()).put("activityId", job.getElementId())
                .put("message", StepFailureText.forClient(job.getExceptionMessage()))));
        stepFailures.of(id).stream().filter(StepFailures.Failure::incident).forEach(f -> incidents.add(new JsonObject()
                .put("id", f.incidentId()).put("activityId", f.activityId())
                .put("message", StepFailureText.forClient(f.message()))));
        return incidents;
    }

    private JsonObject variables(String id, String definitionId) {
        Set<String> secretInputs = secretInputs(definitionId);
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery().processInstanceId(id).list()) {
            String name = variable.getVariableName();
            if (variable.getTaskId() != null || EngineVariables.internal(name)) {
                continue;
            }
            sorted.put(name, SECRET_NAME.matcher(name).matches() || secretInputs.contains(name) ? REDACTED
                    : plain(variable.getValue()));
        }
        JsonObject result = new JsonObject();
        sorted.forEach(result::put);
        return result;
    }

    /**
     * Names of the plugin inputs the definition's steps declare secret, and of the variables those
     * inputs read: a variable so named holds a secret too.
     */
    private Set<String> secretInputs(String definitionId) {
        Set<String> names = new LinkedHashSet<>();
        BpmnModel model = repository.getBpmnModel(definitionId);
        model.getProcesses().forEach(process -> process.findFlowElementsOfType(ServiceTask.class, true).forEach(task -> {
            String action = Bpmn.text(task, "action");
            StepActions.Inputs inputs = action == null ? null : actions.inputs(action).orElse(null);
            if (inputs == null) {
                return;
            }
            names.addAll(inputs.secret());
            Bpmn.extensions(task, "input").stream()
                    .filter(input -> inputs.secret().contains(input.getAttributeValue(null, "name")))
                    .forEach(input -> {
                        Matcher read = VARIABLE.matcher(input.getElementText() == null ? "" : input.getElementText());
                        while (read.find()) {
                            names.add(read.group(1));
                        }
                    });
        }));
        return names;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        String text = value.toString();
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }

    private static String iso(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
