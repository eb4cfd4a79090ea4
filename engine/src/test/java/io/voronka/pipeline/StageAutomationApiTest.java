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
    void aTaskAutomationDoesNotHoldTheStagesFlowUntilTheTaskIsDone() {
        String model = newModel("deal-robots-task");
        automate(model, new JsonObject().put("stage", "legal").put("kind", "task").put("name", "Позвонить юристу"));
        ApiClient.Response deployed = admin.post("/api/v1/process-models/" + model + "/deploy", new JsonObject());
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
        String id = admin.post("/api/v1/records/deal", new JsonObject().put("values",
                new JsonObject().put("title", "Робот-задача").put("stage", "new"))).json().getString("id");
        complete(await().atMost(Duration.ofSeconds(20)).until(() -> task(id, "deal-robots-task", "Квалифицировать сделку"),
                t -> t != null));
        complete(task(id, "deal-robots-task", "Отправить предложение"));

        // Entering legal created the automation's task, and the stage's own step is open beside it.
        assertThat(task(id, "deal-robots-task", "Позвонить юристу")).isNotNull();
        JsonObject review = task(id, "deal-robots-task", "Согласовать договор");
        assertThat(review).as("the stage's flow went on without waiting for the automation's task").isNotNull();
        complete(review);
        assertThat(task(id, "deal-robots-task", "Позвонить юристу")).as("the automation's task waits on its own").isNotNull();
    }

    @Test
    void aPipelinesAutomationsAreListedAsTheirBpmnAndRemovedAsTheyCame() throws IOException {
        String key = "deal-robots-listed";
        assertThat(admin.send("POST", "/api/v1/process-definitions", xml.replace("id=\"deal-pipeline\"", "id=\"" + key + "\""),
                "application/xml").status()).isEqualTo(201);
        String path = "/api/v1/pipelines/" + key + "/automations";
        JsonObject none = admin.get(path).json();
        assertThat(none.getValue("model")).isNull();
        assertThat(none.getJsonArray("automations")).isEmpty();

        ApiClient.Response task = admin.post(path, new JsonObject().put("stage", "legal").put("kind", "task")
                .put("name", "Позвонить юристу"));
        assertThat(task.status()).as(task.body()).isEqualTo(201);
        String model = task.json().getJsonObject("model").getString("id");
        assertThat(task.json().getJsonObject("model").getInteger("revision")).as("a draft from the deployed version, then the automation")
                .isEqualTo(2);
        ApiClient.Response field = admin.post(path, new JsonObject().put("stage", "proposal").put("kind", "field")
                .put("field", "stage").put("value", "proposal"));
        assertThat(field.status()).as(field.body()).isEqualTo(201);
        assertThat(field.json().getJsonObject("model").getString("id")).as("the same model").isEqualTo(model);
        JsonArray listed = admin.get(path).json().getJsonArray("automations");
        assertThat(listed).hasSize(2);
        JsonObject taskItem = listed.stream().map(JsonObject.class::cast).filter(a -> "task".equals(a.getString("kind")))
                .findFirst().orElseThrow();
        assertThat(taskItem.getString("id")).isEqualTo("task_legalReview");
        assertThat(taskItem.getString("stage")).isEqualTo("legal");
        assertThat(taskItem.getString("name")).isEqualTo("Позвонить юристу");
        assertThat(taskItem.getString("before")).isEqualTo("legalReview");
        assertThat(taskItem.getJsonArray("elements")).contains("task_legalReview_fork", "task_legalReview", "task_legalReview_done",
                "task_legalReview_fork_to_legalReview");
        assertThat(taskItem.getString("fragment")).contains("<parallelGateway", "<userTask", "name=\"Позвонить юристу\"",
                "targetRef=\"legalReview\"").doesNotContain("xmlns");

        ApiClient.Response removed = admin.delete(path + "/task_legalReview");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().getJsonArray("automations").stream().map(a -> ((JsonObject) a).getString("id")))
                .containsExactly("field_propose");
        String saved = admin.get("/api/v1/process-models/" + model + "/xml").body();
        assertThat(saved).doesNotContain("task_legalReview")
                .containsPattern("id=\"toLegal\"[^>]*targetRef=\"legalReview\"|targetRef=\"legalReview\"[^>]*id=\"toLegal\"");
        assertThat(removed.json().getJsonObject("model").getJsonArray("findings").stream()
                .map(f -> ((JsonObject) f).getString("severity"))).doesNotContain("error");
        assertThat(admin.post("/api/v1/process-models/" + model + "/deploy", new JsonObject()).status()).isEqualTo(201);

        assertProblem(admin.delete(path + "/task_legalReview"), 404, null, null);
        assertProblem(node.manager("nina").get(path), 403, null, null);
        assertProblem(admin.get("/api/v1/pipelines/no-such-process/automations"), 404, null, null);
    }

    private JsonObject task(String recordId, String processKey, String name) {
        for (Object t : admin.get("/api/v1/tasks?recordId=" + recordId + "&processKey=" + processKey).array()) {
            if (name.equals(((JsonObject) t).getString("name"))) {
                return (JsonObject) t;
            }
        }
        return null;
    }

    private void complete(JsonObject task) {
        assertThat(task).isNotNull();
        ApiClient.Response done = admin.post("/api/v1/tasks/" + task.getString("id") + "/complete", new JsonObject());
        assertThat(done.status()).as(done.body()).isEqualTo(204);
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
