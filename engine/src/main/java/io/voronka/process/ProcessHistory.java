package io.voronka.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.RecordVisibility;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.history.HistoricProcessInstanceQuery;
import org.flowable.job.api.Job;

/**
 * The processes a record has been through, with the steps each took, for the record card; only
 * those whose record the actor may read (an unreadable record's processes answer as none). For
 * operators, the instances of a process or a version in a state, whatever their record.
 */
public final class ProcessHistory {

    static final int FAILED_SCAN = 1000;

    private final HistoryService history;
    private final ManagementService management;
    private final RepositoryService repository;
    private final StepFailures stepFailures;
    private final RecordVisibility records;
    private final TaskLabels labels;

    public ProcessHistory(HistoryService history, ManagementService management, RepositoryService repository,
                          StepFailures stepFailures, RecordVisibility records, TaskLabels labels) {
        this.labels = labels;
        this.records = records;
        this.history = history;
        this.management = management;
        this.repository = repository;
        this.stepFailures = stepFailures;
    }

    public JsonArray forRecord(Actor actor, String recordId) {
        JsonArray result = new JsonArray();
        java.util.Map<String, Boolean> readable = new java.util.HashMap<>();
        for (HistoricProcessInstance instance : history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(recordId).includeProcessVariables()
                .orderByProcessInstanceStartTime().asc().listPage(0, 200)) {
            Object entity = instance.getProcessVariables().get(ProcessVariables.ENTITY);
            if (!readable.computeIfAbsent(entity == null ? "" : entity.toString(), e -> records.canRead(actor, e, recordId))) {
                continue;
            }
            result.add(instance(instance));
        }
        return result;
    }

    /**
     * Instances of any record for operators, newest first: of one version ({@code definitionId}) or
     * of every version of a process ({@code processKey}), in one state. "failed" is not something
     * Flowable can query (nor, then, "active but not failed"), so those are found among the newest
     * {@value #FAILED_SCAN} running instances.
     */
    public JsonArray list(String definitionId, String processKey, String state, int limit) {
        HistoricProcessInstanceQuery query = history.createHistoricProcessInstanceQuery();
        if (definitionId != null) {
            query.processDefinitionId(definitionId);
        }
        if (processKey != null) {
            query.processDefinitionKey(processKey);
        }
        if ("completed".equals(state)) {
            query.finished();
        } else if (state != null) {
            query.unfinished();
        }
        JsonArray result = new JsonArray();
        int page = "failed".equals(state) || "active".equals(state) ? FAILED_SCAN : limit;
        for (HistoricProcessInstance instance : query.orderByProcessInstanceStartTime().desc().listPage(0, page)) {
            JsonObject view = instance(instance);
            if (state == null || state.equals(view.getString("state"))) {
                result.add(view);
            }
            if (result.size() == limit) {
                break;
            }
        }
        return result;
    }

    private JsonObject instance(HistoricProcessInstance instance) {
        JsonArray activities = new JsonArray();
        List<HistoricActivityInstance> steps = history.createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId()).orderByHistoricActivityInstanceStartTime().asc().list().stream()
                .filter(activity -> !activity.getActivityType().equals("sequenceFlow")).toList();
        Map<String, Map<String, String>> named = labels.ofSteps(steps);
        for (HistoricActivityInstance activity : steps) {
            activities.add(new JsonObject()
                    .put("activityId", activity.getActivityId())
                    .put("name", activity.getActivityName())
                    .put("labels", new JsonObject(new HashMap<>(named.get(activity.getId()))))
                    .put("type", activity.getActivityType())
                    .put("assignee", activity.getAssignee())
                    .put("startedAt", iso(activity.getStartTime()))
                    .put("endedAt", iso(activity.getEndTime())));
        }
        JsonArray failures = instance.getEndTime() == null ? failures(instance) : new JsonArray();
        // A step that stopped for good makes the whole instance failed until it is retried or skipped.
        boolean failed = failures.stream().anyMatch(f -> ((JsonObject) f).getBoolean("incident"));
        return new JsonObject()
                .put("id", instance.getId())
                .put("processKey", instance.getProcessDefinitionKey())
                .put("processName", instance.getProcessDefinitionName())
                .put("definitionId", instance.getProcessDefinitionId())
                .put("version", instance.getProcessDefinitionVersion())
                .put("recordId", instance.getBusinessKey())
                .put("startedAt", iso(instance.getStartTime()))
                .put("endedAt", iso(instance.getEndTime()))
                .put("state", instance.getEndTime() != null ? "completed" : failed ? "failed" : "active")
                .put("activities", activities)
                .put("failures", failures);
    }

    /**
     * Steps that failed and are waiting for a retry, or have no retries left (an incident): what a
     * person needs to see when, say, the SMTP server is down and the welcome email is stuck.
     */
    private JsonArray failures(HistoricProcessInstance instance) {
        String processInstanceId = instance.getId();
        JsonArray failures = new JsonArray();
        management.createJobQuery().processInstanceId(processInstanceId).withException().list()
                .forEach(job -> failures.add(failure(job, false)));
        management.createTimerJobQuery().processInstanceId(processInstanceId).withException().list()
                .forEach(job -> failures.add(failure(job, false)));
        management.createDeadLetterJobQuery().processInstanceId(processInstanceId).list()
                .forEach(job -> failures.add(failure(job, true)));
        stepFailures.of(processInstanceId).forEach(f -> failures.add(new JsonObject().put("activityId", f.activityId())
                .put("message", StepFailureText.forClient(f.message())).put("incidentId", f.incidentId())
                .put("retriesLeft", f.retriesLeft()).put("incident", f.incident())));
        if (!failures.isEmpty()) {
            BpmnModel model = repository.getBpmnModel(instance.getProcessDefinitionId());
            failures.forEach(f -> {
                JsonObject failure = (JsonObject) f;
                FlowElement step = model.getFlowElement(failure.getString("activityId"));
                failure.put("name", step == null ? null : step.getName());
            });
        }
        return failures;
    }

    private static JsonObject failure(Job job, boolean incident) {
        return new JsonObject()
                .put("activityId", job.getElementId())
                .put("message", StepFailureText.forClient(job.getExceptionMessage()))
                .put("incidentId", job.getId())
                .put("retriesLeft", incident ? 0 : job.getRetries())
                .put("incident", incident);
    }

    private static String iso(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
