package io.voronka.form;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Task forms made and changed through the API: stored with versions, checked like files, used by the inbox at once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskFormApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("mila");

    ApiClient admin;
    ApiClient manager;

    @BeforeAll
    void start() {
        admin = node.admin();
        manager = node.manager("mila");
    }

    static JsonObject form(String label, JsonObject... fields) {
        JsonArray list = new JsonArray();
        for (JsonObject field : fields) {
            list.add(field);
        }
        return new JsonObject().put("label", label).put("fields", list);
    }

    static JsonObject field(String name, String type) {
        return new JsonObject().put("name", name).put("label", name).put("type", type);
    }

    static JsonObject choice(String name, String... values) {
        JsonArray options = new JsonArray();
        for (String value : values) {
            options.add(new JsonObject().put("value", value).put("label", value));
        }
        return field(name, "enum").put("required", true).put("options", options);
    }

    ApiClient.Response put(ApiClient client, String key, JsonObject body) {
        return client.send("PUT", "/api/v1/task-forms/" + key, body.encode());
    }

    @Test
    void shippedFormsAreStoredAsVersionOneFromTheirFilesAndListed() {
        JsonObject callLead = admin.get("/api/v1/task-forms/call-lead").json();
        assertThat(callLead.getInteger("version")).isEqualTo(1);
        assertThat(callLead.getString("origin")).isEqualTo("file forms/tasks/call-lead.json");
        assertThat(callLead.getJsonObject("labels").getString("ru")).isEqualTo("Позвонить лиду");
        JsonObject listed = manager.get("/api/v1/task-forms").array().stream().map(JsonObject.class::cast)
                .filter(f -> f.getString("key").equals("call-lead")).findFirst().orElseThrow();
        assertThat(listed.getInteger("fieldCount")).isEqualTo(2);
        assertThat(listed.getInteger("version")).isEqualTo(1);
        assertThat(listed.getString("label")).isEqualTo("Call the lead");
    }

    @Test
    void createReadAndUpdateBumpsTheVersionOnlyOnARealChange() {
        ApiClient.Response created = put(admin, "site-visit", form("Visit the site", choice("verdict", "go", "no_go"),
                field("notes", "longtext")).put("labels", new JsonObject().put("ru", "Выезд на объект")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().getInteger("version")).isEqualTo(1);
        assertThat(created.json().getString("origin")).isEqualTo("api");
        assertThat(created.json().getString("changedBy")).isEqualTo("admin");

        JsonObject read = manager.get("/api/v1/task-forms/site-visit").json();
        assertThat(read.getJsonArray("fields")).hasSize(2);
        assertThat(put(admin, "site-visit", read).json().getInteger("version")).isEqualTo(1); // sent back as read: no change
        read.put("label", "Visit the building");
        assertThat(put(admin, "site-visit", read).json().getInteger("version")).isEqualTo(2);
        assertThat(admin.get("/api/v1/task-forms/site-visit").json().getString("label")).isEqualTo("Visit the building");
        assertProblem(put(admin, "site-visit", read.copy().put("version", 1).put("label", "Stale")), 409, null, null);
    }

    @Test
    void badFormsAreRefusedNamingThePathAndChangeNothing() {
        assertProblem(admin.send("PUT", "/api/v1/task-forms/bad-form", "{not json"), 400, "body", "json");
        assertProblem(put(admin, "bad-form", new JsonObject().put("label", "No fields")), 422, "fields", "required");
        assertProblem(put(admin, "bad-form", form("Huge", field("size", "huge"))), 422, "fields[0].type", "type");
        assertProblem(put(admin, "bad-form", form("Link", field("deal", "link").put("link", "deal"))), 422, "fields[0].type", "type");
        assertProblem(put(admin, "bad-form", form("Twice", field("note", "text"), field("note", "text"))), 422,
                "fields[1].name", "unique");
        assertProblem(put(admin, "bad-form", form("Bad name", field("Bad Name", "text"))), 422, "fields[0].name", "pattern");
        assertProblem(put(admin, "bad-form", form("Enum", field("colour", "enum"))), 422, "fields[0].options", "required");
        assertProblem(put(admin, "bad-form", form("", field("note", "text"))), 422, "label", "required");
        assertProblem(put(admin, "bad-form", form("Labels", field("note", "text")).put("labels", new JsonObject().put("xx_1", "?"))),
                422, "labels.xx_1", "languageTag");
        assertProblem(put(admin, "bad-form", form("Option labels", choice("verdict", "go")
                .put("options", new JsonArray().add(new JsonObject().put("value", "go").put("labels", new JsonObject().put("ru", " ")))))),
                422, "fields[0].options[0].labels.ru", "required");
        assertProblem(put(admin, "Bad_Key", form("Key", field("note", "text"))), 422, "key", "pattern");
        assertProblem(put(admin, "bad-form", form("Other key", field("note", "text")).put("key", "other-form")), 422, "key", "match");
        assertProblem(admin.get("/api/v1/task-forms/bad-form"), 404, null, null);
    }

    @Test
    void onlyAnAdminChangesOrDeletesAForm() {
        JsonObject callLead = admin.get("/api/v1/task-forms/call-lead").json();
        assertProblem(put(manager, "call-lead", callLead.copy().put("label", "Mine now")), 403, null, null);
        assertProblem(manager.delete("/api/v1/task-forms/call-lead"), 403, null, null);
        assertProblem(put(manager, "managers-form", form("Mine", field("note", "text"))), 403, null, null);
        assertThat(admin.get("/api/v1/task-forms/call-lead").json().getInteger("version")).isEqualTo(callLead.getInteger("version"));
        assertProblem(admin.get("/api/v1/task-forms/managers-form"), 404, null, null);
    }

    @Test
    void aUserTaskShowsAndValidatesAFormMadeThroughTheApiAndDeleteWaitsForItsProcess() {
        assertThat(put(admin, "survey-call", form("Survey call", choice("mood", "happy", "unhappy"))).status()).isEqualTo(200);
        deploy("survey", "survey-call");
        String contact = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Sveta").put("last_name", "Surveyova").put("phone", "+7 912 000-33-44")))
                .json().getString("id");
        ApiClient.Response started = admin.post("/api/v1/records/contact/" + contact + "/processes", new JsonObject().put("key", "survey"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonObject task = await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/tasks?view=all&processKey=survey&recordId="
                + contact).array(), tasks -> !tasks.isEmpty()).getJsonObject(0);
        assertThat(task.getJsonObject("form").getString("key")).isEqualTo("survey-call");
        assertThat(task.getJsonObject("form").getJsonArray("fields").getJsonObject(0).getString("name")).isEqualTo("mood");

        // Changed after the task was created: the task is shown and completed against the form as it is now.
        JsonObject changed = form("Survey call", choice("mood", "happy", "unhappy"), field("score", "number").put("required", true));
        assertThat(put(admin, "survey-call", changed).json().getInteger("version")).isEqualTo(2);
        String id = task.getString("id");
        assertThat(admin.get("/api/v1/tasks?view=all&processKey=survey&recordId=" + contact).array().getJsonObject(0)
                .getJsonObject("form").getJsonArray("fields")).hasSize(2);
        assertProblem(admin.post("/api/v1/tasks/" + id + "/complete", new JsonObject().put("values",
                new JsonObject().put("mood", "ecstatic").put("score", 9))), 422, "values.mood", "enum");
        assertProblem(admin.post("/api/v1/tasks/" + id + "/complete", new JsonObject().put("values",
                new JsonObject().put("mood", "happy"))), 422, "values.score", "required");
        ApiClient.Response done = admin.post("/api/v1/tasks/" + id + "/complete", new JsonObject().put("values",
                new JsonObject().put("mood", "happy").put("score", 9)));
        assertThat(done.status()).as(done.body()).isEqualTo(204);

        ApiClient.Response refused = admin.delete("/api/v1/task-forms/survey-call");
        assertProblem(refused, 409, null, null);
        assertThat(refused.json().getString("detail")).contains("survey v1 (work)");
        assertThat(admin.get("/api/v1/task-forms/survey-call").status()).isEqualTo(200);

        deploy("survey", "call-lead"); // the process's newest version names another form
        ApiClient.Response deleted = admin.delete("/api/v1/task-forms/survey-call");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().getBoolean("deleted")).isTrue();
        assertThat(deleted.json().getInteger("version")).isEqualTo(3);
        assertProblem(admin.get("/api/v1/task-forms/survey-call"), 404, null, null);
        assertThat(admin.get("/api/v1/task-forms").array().stream().map(f -> ((JsonObject) f).getString("key")))
                .doesNotContain("survey-call");
        // Defining it again brings it back on top of its history.
        assertThat(put(admin, "survey-call", changed).json().getInteger("version")).isEqualTo(4);
    }

    @Test
    void theOpenApiDocumentDescribesTheTaskFormRoutes() {
        JsonObject paths = manager.get("/api/v1/openapi.json").json().getJsonObject("paths");
        assertThat(paths.getJsonObject("/api/v1/task-forms").containsKey("get")).isTrue();
        assertThat(paths.getJsonObject("/api/v1/task-forms/{key}").fieldNames()).contains("get", "put", "delete");
    }

    void deploy(String key, String formKey) {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                             xmlns:voronka="https://voronka.io/bpmn" targetNamespace="https://voronka.io/tests">
                  <process id="%s" name="%s" isExecutable="true">
                    <extensionElements><voronka:trigger on="manual" entity="contact"/></extensionElements>
                    <startEvent id="start"/>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
                    <userTask id="work" name="Survey" flowable:formKey="%s" flowable:assignee="admin"/>
                    <sequenceFlow id="f2" sourceRef="work" targetRef="done"/>
                    <endEvent id="done"/>
                  </process>
                </definitions>
                """.formatted(key, key, formKey);
        ApiClient.Response r = admin.send("POST", "/api/v1/process-definitions", xml, "application/xml");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
