package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user task's {@code <voronka:label lang="ru">} reaches the inbox and the card's timeline beside
 * its name, an expression in it evaluated as the name's is, and a label the rule language cannot
 * read fails the deployment.
 */
class TaskLabelsTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    static ApiClient admin;

    @BeforeAll
    static void deploy() {
        admin = node.admin();
        InboxProcesses.deploy(admin, labelled("Позвонить: ${first_name} ${last_name}"));
    }

    static String labelled(String callLabel) {
        return InboxProcesses.bpmn("labelled-call", InboxProcesses.manualContact(), """
                <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
                <userTask id="call" name="Call ${first_name}" flowable:candidateGroups="manager">
                  <extensionElements>
                    <voronka:label lang="ru">%s</voronka:label>
                    <voronka:label lang="DE">Anrufen</voronka:label>
                  </extensionElements>
                </userTask>
                <sequenceFlow id="f2" sourceRef="call" targetRef="summary"/>
                <userTask id="summary" name="Write the summary" flowable:candidateGroups="manager">
                  <extensionElements><voronka:label lang="ru">Написать итог</voronka:label></extensionElements>
                </userTask>
                <sequenceFlow id="f4" sourceRef="summary" targetRef="wait"/>
                <intermediateCatchEvent id="wait" name="A moment">
                  <extensionElements><voronka:label lang="ru">Миг</voronka:label></extensionElements>
                  <timerEventDefinition><timeDuration>PT0S</timeDuration></timerEventDefinition>
                </intermediateCatchEvent>
                <sequenceFlow id="f5" sourceRef="wait" targetRef="done"/>
                """.formatted(callLabel));
    }

    @Test
    void inboxAndTimelineAnswerTaskLabelsWithTheExpressionEvaluatedAsTheName() {
        JsonObject values = new JsonObject().put("first_name", "Anna").put("last_name", "Metkova");
        String contactId = admin.post("/api/v1/records/contact", new JsonObject().put("values", values)).json().getString("id");
        assertThat(admin.post("/api/v1/records/contact/" + contactId + "/processes", new JsonObject().put("key", "labelled-call"))
                .status()).isEqualTo(201);

        JsonObject call = awaitTask(contactId, "Call Anna");
        assertThat(call.getJsonObject("labels").getMap())
                .containsEntry("ru", "Позвонить: Anna Metkova").containsEntry("de", "Anrufen").hasSize(2);
        // the card's processes name the step the record waits in the same way
        JsonObject waiting = admin.get("/api/v1/process-instances?recordId=" + contactId).array().stream()
                .map(p -> (JsonObject) p).filter(p -> "labelled-call".equals(p.getString("processKey")))
                .flatMap(p -> p.getJsonArray("activities").stream()).map(a -> (JsonObject) a)
                .filter(a -> "call".equals(a.getString("activityId"))).findFirst().orElseThrow();
        assertThat(waiting.getJsonObject("labels").getString("ru")).isEqualTo("Позвонить: Anna Metkova");
        // the same task as a single answer (claim) says the same
        JsonObject claimed = admin.post("/api/v1/tasks/" + call.getString("id") + "/claim", null).json();
        assertThat(claimed.getJsonObject("labels").getString("ru")).isEqualTo("Позвонить: Anna Metkova");
        assertThat(admin.post("/api/v1/tasks/" + call.getString("id") + "/complete", new JsonObject()).status()).isEqualTo(204);

        JsonObject summary = awaitTask(contactId, "Write the summary");
        assertThat(summary.getJsonObject("labels").getMap()).containsExactly(java.util.Map.entry("ru", "Написать итог"));
        assertThat(admin.post("/api/v1/tasks/" + summary.getString("id") + "/comments", new JsonObject().put("text", "Готово"))
                .status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/tasks/" + summary.getString("id") + "/complete", new JsonObject()).status()).isEqualTo(204);

        JsonArray items = await().atMost(Duration.ofSeconds(20)).until(
                () -> admin.get("/api/v1/records/contact/" + contactId + "/timeline").json().getJsonArray("items"),
                found -> found.stream().map(i -> (JsonObject) i).anyMatch(i -> "A moment".equals(i.getString("step"))));
        assertThat(entry(items, "task", "name", "Call Anna").getJsonObject("labels").getString("ru"))
                .isEqualTo("Позвонить: Anna Metkova");
        assertThat(entry(items, "task", "name", "Write the summary").getJsonObject("labels").getString("ru"))
                .isEqualTo("Написать итог");
        assertThat(entry(items, "comment", "task", "Write the summary").getJsonObject("taskLabels").getString("ru"))
                .isEqualTo("Написать итог");
        assertThat(entry(items, "process", "step", "A moment").getJsonObject("stepLabels").getString("ru")).isEqualTo("Миг");
    }

    @Test
    void labelOutsideTheRuleLanguageFailsTheDeploymentNamingTheTask() {
        ApiClient.Response r = admin.send("POST", "/api/v1/process-definitions",
                labelled("Позвонить ${first_name +}").replace("labelled-call", "badly-labelled"), "application/xml");
        io.voronka.testing.ProblemAssert.assertProblem(r, 422, "call", "policy");
        assertThat(r.body()).contains("ru label");
    }

    private static JsonObject awaitTask(String contactId, String name) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/tasks?recordId=" + contactId).array()
                .stream().map(t -> (JsonObject) t).filter(t -> name.equals(t.getString("name"))).findFirst().orElse(null),
                t -> t != null);
    }

    private static JsonObject entry(JsonArray items, String kind, String field, String value) {
        return items.stream().map(i -> (JsonObject) i).filter(i -> kind.equals(i.getString("kind")) && value.equals(i.getString(field)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " with " + field + " " + value + " in " + items.encodePrettily()));
    }
}
