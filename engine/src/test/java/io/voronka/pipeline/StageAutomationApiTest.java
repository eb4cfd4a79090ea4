package io.voronka.pipeline;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stage automations as visible BPMN: each lands in the stage's lane of a new draft revision, on the
 * way into the stage, and once deployed runs when a record enters the stage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageAutomationApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("nina");

    ApiClient admin;
    String xml;

    @BeforeAll
    void signIn() throws IOException {
        admin = node.admin();
        xml = PipelineApiTest.fixture();
    }

    @Test
    void aFieldAutomationIsAStepInTheLaneAndRunsOnEnteringTheStage() {
        String model = newModel("deal-robots");
        ApiClient.Response added = admin.post("/api/v1/process-models/" + model + "/automations", new JsonObject()
                .put("stage", "proposal").put("kind", "field").put("field", "stage").put("value", "proposal")
                .put("name", "Стадия: предложение"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().getJsonArray("steps")).containsExactly("field_propose");
        assertThat(added.json().getJsonObject("model").getInteger("revision")).isEqualTo(2);
        assertThat(added.json().getJsonObject("model").getJsonArray("findings").stream()
                .map(f -> ((JsonObject) f).getString("severity"))).doesNotContain("error");
        String saved = admin.get("/api/v1/process-models/" + model + "/xml").body();
        assertThat(saved).contains("<flowNodeRef>field_propose</flowNodeRef>")
                .containsPattern("id=\"qualifiedToProposal\"[^>]*targetRef=\"field_propose\"|targetRef=\"field_propose\"[^>]*id=\"qualifiedToProposal\"")
                .contains("delegateExpression=\"${updateRecord}\"", "name=\"Стадия: предложение\"");
        assertThat(admin.post("/api/v1/process-models/" + model + "/deploy", new JsonObject()).status()).isEqualTo(201);

        ApiClient.Response deal = admin.post("/api/v1/records/deal", new JsonObject().put("values",
                new JsonObject().put("title", "Роботы").put("stage", "new")));
        String id = deal.json().getString("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> onBoard("deal-robots", id));
        ApiClient.Response moved = admin.post("/api/v1/pipelines/deal-robots/records/deal/" + id + "/move",
                new JsonObject().put("to", "proposal"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(admin.get("/api/v1/records/deal/" + id).json().getJsonObject("values").getString("stage"))
                .as("the automation set the field on entering the stage").isEqualTo("proposal");
    }

    @Test
    void taskWaitAndMessageAutomationsAreDrawnInTheirLanes() {
        String model = newModel("deal-robots-drawn");
        assertThat(automate(model, new JsonObject().put("stage", "legal").put("kind", "task").put("name", "Позвонить юристу"))
                .getJsonArray("steps")).containsExactly("task_legalReview");
        assertThat(automate(model, new JsonObject().put("stage", "finance").put("kind", "wait").put("duration", "P1D"))
                .getJsonArray("steps")).containsExactly("wait_payment");
        JsonObject message = automate(model, new JsonObject().put("stage", "won").put("kind", "message")
                .put("to", "sales@example.com").put("subject", "Сделка ${title} выиграна").put("body", "Ура: ${title}"));
        assertThat(message.getJsonArray("steps")).containsExactly("message_won");
        assertThat(message.getJsonObject("model").getInteger("revision")).isEqualTo(4);
        String saved = admin.get("/api/v1/process-models/" + model + "/xml").body();
        assertThat(saved).contains("<flowNodeRef>task_legalReview</flowNodeRef>", "<flowNodeRef>wait_payment</flowNodeRef>",
                "<flowNodeRef>message_won</flowNodeRef>", "<timeDuration>P1D</timeDuration>", "name=\"Позвонить юристу\"",
                "Сделка ${title} выиграна");
        assertThat(admin.get("/api/v1/process-models/" + model + "/xml?revision=1").body())
                .as("earlier revisions stay as they were").doesNotContain("task_legalReview");
    }

    @Test
    void badAutomationsAreRefusedNamingTheFieldAndChangeNothing() {
        String model = newModel("deal-robots-bad");
        assertProblem(post(model, new JsonObject().put("stage", "proposal").put("kind", "robot")), 422, "kind", "enum");
        assertProblem(post(model, new JsonObject().put("stage", "nowhere").put("kind", "wait").put("duration", "P1D")),
                422, "stage", "exists");
        assertProblem(post(model, new JsonObject().put("stage", "finance").put("kind", "wait").put("duration", "tomorrow")),
                422, "duration", "format");
        assertProblem(post(model, new JsonObject().put("stage", "proposal").put("kind", "field").put("field", "stage")),
                422, "value", "required");
        assertProblem(post("00000000-0000-0000-0000-000000000000", new JsonObject().put("stage", "proposal")
                .put("kind", "wait").put("duration", "P1D")), 404, null, null);
        assertProblem(node.manager("nina").post("/api/v1/process-models/" + model + "/automations",
                new JsonObject().put("stage", "finance").put("kind", "wait").put("duration", "P1D")), 403, null, null);
        assertThat(admin.get("/api/v1/process-models/" + model).json().getInteger("revision")).isEqualTo(1);
    }

    private String newModel(String key) {
        ApiClient.Response saved = admin.send("POST", "/api/v1/process-models",
                xml.replace("id=\"deal-pipeline\"", "id=\"" + key + "\""), "application/xml");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        return saved.json().getString("id");
    }

    private JsonObject automate(String model, JsonObject body) {
        ApiClient.Response added = post(model, body);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json();
    }

    private ApiClient.Response post(String model, JsonObject body) {
        return admin.post("/api/v1/process-models/" + model + "/automations", body);
    }

    private boolean onBoard(String key, String id) {
        ApiClient.Response board = admin.get("/api/v1/pipelines/" + key + "/board");
        if (board.status() != 200) {
            return false;
        }
        for (Object column : board.json().getJsonArray("stages")) {
            JsonArray cards = ((JsonObject) column).getJsonArray("cards");
            if (cards.stream().anyMatch(c -> id.equals(((JsonObject) c).getString("id")))) {
                return true;
            }
        }
        return false;
    }
}
