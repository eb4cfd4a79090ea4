package io.voronka.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Date;
import org.flowable.engine.HistoryService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;

/** The processes a record has been through, with the steps each took, for the record card. */
public final class ProcessHistory {

    private final HistoryService history;

    public ProcessHistory(HistoryService history) {
        this.history = history;
    }

    public JsonArray forRecord(String recordId) {
        JsonArray result = new JsonArray();
        for (HistoricProcessInstance instance : history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(recordId).orderByProcessInstanceStartTime().asc().listPage(0, 200)) {
            JsonArray activities = new JsonArray();
            for (HistoricActivityInstance activity : history.createHistoricActivityInstanceQuery()
                    .processInstanceId(instance.getId()).orderByHistoricActivityInstanceStartTime().asc().list()) {
                if (activity.getActivityType().equals("sequenceFlow")) {
                    continue;
                }
                activities.add(new JsonObject()
                        .put("activityId", activity.getActivityId())
                        .put("name", activity.getActivityName())
                        .put("type", activity.getActivityType())
                        .put("assignee", activity.getAssignee())
                        .put("startedAt", iso(activity.getStartTime()))
                        .put("endedAt", iso(activity.getEndTime())));
            }
            result.add(new JsonObject()
                    .put("id", instance.getId())
                    .put("processKey", instance.getProcessDefinitionKey())
                    .put("processName", instance.getProcessDefinitionName())
                    .put("recordId", instance.getBusinessKey())
                    .put("startedAt", iso(instance.getStartTime()))
                    .put("endedAt", iso(instance.getEndTime()))
                    .put("state", instance.getEndTime() == null ? "active" : "completed")
                    .put("activities", activities));
        }
        return result;
    }

    private static String iso(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
