package io.voronka.process;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The designer's server side: a model from another modeler is kept byte for byte, findings name
 * each kind of problem on its element, deployment makes versions, running instances stay on theirs
 * until migrated with a validated mapping.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessModelApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    TestServer server;
    ApiClient admin;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void signIn() {
        server = node.server();
        admin = node.admin();
    }

    @Test
    void importedModelExportsByteForByte() throws Exception {
        byte[] original = resource("/bpmn/camunda-modeler-order.bpmn");
        HttpResponse<byte[]> saved = send("POST", "/api/v1/process-models", original, "text/xml");
        assertThat(saved.statusCode()).as(new String(saved.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        JsonObject model = new JsonObject(new String(saved.body(), StandardCharsets.UTF_8));
        assertThat(model.getString("key")).isEqualTo("order-approval");
        assertThat(model.getString("name")).isEqualTo("Согласование заказа");
        assertThat(model.getInteger("revision")).isEqualTo(1);

        HttpResponse<byte[]> exported = send("GET", "/api/v1/process-models/" + model.getString("id") + "/xml", null, null);
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type")).hasValue("application/xml");
        assertThat(exported.body()).as("every byte: comments, camunda and acme extensions, DI shapes and edges")
                .isEqualTo(original);

        // What Voronka does not run is kept, flagged as a warning on the draft and refused at deploy.
        assertThat(finding(model, "Activity_notify", "unsupported").getString("severity")).isEqualTo("warning");
        assertThat(model.getJsonArray("findings").stream().map(f -> ((JsonObject) f).getString("severity")))
                .as(model.encodePrettily()).doesNotContain("error");
        ApiClient.Response deploy = admin.post("/api/v1/process-models/" + model.getString("id") + "/deploy", null);
        assertProblem(deploy, 422, "Activity_notify", "unsupported");
    }

    @Test
    void unreadableDocumentsAreRefusedNamingTheBody() {
        assertProblem(admin.send("POST", "/api/v1/process-models", "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">", "application/xml"),
                400, "body", "xml");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">&x;</definitions>";
        assertProblem(admin.send("POST", "/api/v1/process-models", xxe, "application/xml"), 400, "body", "xml");
        assertProblem(admin.send("POST", "/api/v1/process-models", "<html/>", "application/xml"), 422, "body", "bpmn");
        assertProblem(admin.send("POST", "/api/v1/process-models", "{}", "application/json"), 415, null, null);
        assertProblem(admin.get("/api/v1/process-models/not-a-model"), 404, null, null);
    }

    @Test
    void modelsUpToFiveMegabytesAreTakenAndLargerOnesRefused() throws Exception {
        String big = reviewProcess("big", "review").replace("<startEvent id=\"start\"/>",
                "<startEvent id=\"start\"><documentation>" + "a".repeat(2 * 1024 * 1024) + "</documentation></startEvent>");
        HttpResponse<byte[]> saved = send("POST", "/api/v1/process-models", big.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(saved.statusCode()).as("2 MB: more than a JSON request may hold").isEqualTo(201);
        String id = new JsonObject(new String(saved.body(), StandardCharsets.UTF_8)).getString("id");
        assertThat(send("GET", "/api/v1/process-models/" + id + "/xml", null, null).body())
                .isEqualTo(big.getBytes(StandardCharsets.UTF_8));
        String huge = big.replace("a".repeat(1024), "a".repeat(3 * 1024));
        HttpResponse<byte[]> refused = send("POST", "/api/v1/process-models", huge.getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThat(refused.statusCode()).as("6 MB").isEqualTo(413);
    }

    @Test
    void findingsNameEachKindOnItsElement() {
        JsonObject model = save(bpmn("findings", """
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="script1"/>
                <scriptTask id="script1" scriptFormat="groovy"><script>1</script></scriptTask>
                <sequenceFlow id="f2" sourceRef="script1" targetRef="bare"/>
                <userTask id="bare" name="Nobody's task"/>
                <sequenceFlow id="f3" sourceRef="bare" targetRef="ghost">
                  <conditionExpression xsi:type="tFormalExpression">${nosuchvar == 1}</conditionExpression>
                </sequenceFlow>
                <serviceTask id="ghost" flowable:delegateExpression="${pluginAction}">
                  <extensionElements><voronka:action>nope.do</voronka:action></extensionElements>
                </serviceTask>
                <sequenceFlow id="f4" sourceRef="ghost" targetRef="mail"/>
                <serviceTask id="mail" flowable:delegateExpression="${pluginAction}">
                  <extensionElements>
                    <voronka:action>email.send</voronka:action>
                    <voronka:input name="to">${recordId}@example.com</voronka:input>
                    <voronka:input name="cc">x</voronka:input>
                  </extensionElements>
                </serviceTask>
                <sequenceFlow id="f5" sourceRef="mail" targetRef="formless"/>
                <userTask id="formless" flowable:candidateGroups="manager" flowable:formKey="no-such-form"/>
                <sequenceFlow id="f6" sourceRef="formless" targetRef="done"/>
                <endEvent id="done"/>
                <complexGateway id="cg"/>
                """));
        assertThat(finding(model, "script1", "forbidden").getString("severity")).isEqualTo("error");
        assertThat(finding(model, "f3", "expression").getString("message")).contains("nosuchvar");
        assertThat(finding(model, "bare", "missing-form").getString("severity")).isEqualTo("warning");
        assertThat(finding(model, "bare", "unassigned").getString("severity")).isEqualTo("warning");
        assertThat(finding(model, "formless", "unknown-form").getString("message")).contains("no-such-form");
        assertThat(finding(model, "ghost", "unknown-action").getString("message")).contains("nope.do");
        assertThat(finding(model, "mail", "unbound-input").getString("message")).contains("subject", "body");
        assertThat(finding(model, "mail", "unknown-input").getString("message")).contains("cc");
        assertThat(finding(model, "cg", "unsupported").getString("severity")).isEqualTo("warning");

        JsonObject endless = save(bpmn("endless", """
                <startEvent id="start"/>
                <sequenceFlow id="a" sourceRef="start" targetRef="one"/>
                <userTask id="one" flowable:candidateGroups="manager" flowable:formKey="call-lead"/>
                <sequenceFlow id="b" sourceRef="one" targetRef="two"/>
                <userTask id="two" flowable:candidateGroups="manager" flowable:formKey="call-lead"/>
                <sequenceFlow id="c" sourceRef="two" targetRef="one"/>
                <endEvent id="never"/>
                """));
        assertThat(finding(endless, "endless", "no-end").getString("severity")).isEqualTo("error");

        // The same findings are what a GET shows, and errors stop a deployment, each named.
        JsonObject again = admin.get("/api/v1/process-models/" + model.getString("id")).json();
        assertThat(again.getJsonArray("findings")).isEqualTo(model.getJsonArray("findings"));
        ApiClient.Response refused = admin.post("/api/v1/process-models/" + model.getString("id") + "/deploy", null);
        assertProblem(refused, 422, "script1", "forbidden");
        assertThat(refused.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                .contains("ghost", "mail", "f3", "cg");
    }

    @Test
    void deployMakesVersionsAndRunningInstancesStayOnTheirs() throws Exception {
        JsonObject model = save(reviewProcess("versions", "review"));
        String id = model.getString("id");
        assertThat(model.getJsonArray("findings")).isEmpty();
        ApiClient.Response first = admin.post("/api/v1/process-models/" + id + "/deploy", null);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String v1 = first.json().getString("definitionId");
        assertThat(first.json().getInteger("version")).isEqualTo(1);
        assertThat(admin.post("/api/v1/process-models/" + id + "/deploy", null).status()).as("unchanged").isEqualTo(200);

        ProcessInstance running = engine().getRuntimeService().startProcessInstanceById(v1, "rec-versions");

        byte[] revision2 = reviewProcess("versions", "check").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> put = send("PUT", "/api/v1/process-models/" + id, revision2, "application/xml");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(new String(put.body(), StandardCharsets.UTF_8)).getInteger("revision")).isEqualTo(2);
        ApiClient.Response second = admin.post("/api/v1/process-models/" + id + "/deploy", null);
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        String v2 = second.json().getString("definitionId");
        assertThat(second.json().getInteger("version")).isEqualTo(2);

        JsonObject process = byKey(admin.get("/api/v1/process-definitions").array(), "versions");
        JsonArray versions = process.getJsonArray("versions");
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.getJsonObject(0).getString("id")).isEqualTo(v2);
        assertThat(versions.getJsonObject(0).getLong("instances")).isZero();
        assertThat(versions.getJsonObject(1).getString("id")).isEqualTo(v1);
        assertThat(versions.getJsonObject(1).getLong("instances")).as("the running one stays on version 1").isEqualTo(1);
        assertThat(versions.getJsonObject(1).getString("deployedAt")).isNotNull();

        assertThat(send("GET", "/api/v1/process-definitions/" + v2 + "/xml", null, null).body()).isEqualTo(revision2);
        assertThat(send("GET", "/api/v1/process-models/" + id + "/xml?revision=1", null, null).body())
                .isEqualTo(reviewProcess("versions", "review").getBytes(StandardCharsets.UTF_8));
        assertThat(admin.get("/api/v1/process-models").array().stream().map(m -> ((JsonObject) m).getString("id")))
                .contains(id);
        assertThat(engine().getRuntimeService().getActiveActivityIds(running.getId())).containsExactly("review");
    }

    @Test
    void migrationPreviewsThenMovesInstancesWithAValidatedMapping() throws Exception {
        JsonObject model = save(reviewProcess("migrating", "review"));
        String id = model.getString("id");
        String v1 = admin.post("/api/v1/process-models/" + id + "/deploy", null).json().getString("definitionId");
        ProcessInstance instance = engine().getRuntimeService().startProcessInstanceById(v1, "rec-migrating");
        send("PUT", "/api/v1/process-models/" + id, reviewProcess("migrating", "check").getBytes(StandardCharsets.UTF_8),
                "application/xml");
        String v2 = admin.post("/api/v1/process-models/" + id + "/deploy", null).json().getString("definitionId");
        String path = "/api/v1/process-definitions/" + v1 + "/migration";

        JsonObject unmapped = admin.post(path + "/preview", new JsonObject().put("toDefinitionId", v2)).json();
        JsonObject candidate = unmapped.getJsonArray("instances").getJsonObject(0);
        assertThat(candidate.getString("id")).isEqualTo(instance.getId());
        assertThat(candidate.getString("recordId")).isEqualTo("rec-migrating");
        assertThat(candidate.getBoolean("canMigrate")).isFalse();
        assertThat(candidate.getJsonArray("unmapped")).containsExactly("review");
        assertProblem(admin.post(path, new JsonObject().put("toDefinitionId", v2)), 422, "review", "unmapped");
        assertProblem(admin.post(path, new JsonObject().put("toDefinitionId", v2).put("mappings",
                new JsonArray().add(new JsonObject().put("from", "review").put("to", "nowhere")))), 422, "mappings[0].to", "exists");
        assertProblem(admin.post(path, new JsonObject().put("toDefinitionId", "nope:1:1")), 422, "toDefinitionId", "exists");
        assertThat(engine().getRuntimeService().getActiveActivityIds(instance.getId())).as("nothing moved").containsExactly("review");

        JsonObject mapping = new JsonObject().put("toDefinitionId", v2)
                .put("mappings", new JsonArray().add(new JsonObject().put("from", "review").put("to", "check")));
        JsonObject mapped = admin.post(path + "/preview", mapping).json();
        assertThat(mapped.getJsonArray("instances").getJsonObject(0).getBoolean("canMigrate")).isTrue();
        ApiClient.Response migrated = admin.post(path, mapping);
        assertThat(migrated.status()).as(migrated.body()).isEqualTo(200);
        assertThat(migrated.json().getInteger("migrated")).isEqualTo(1);

        JsonObject view = admin.get("/api/v1/process-instances/" + instance.getId()).json();
        assertThat(view.getString("definitionId")).isEqualTo(v2);
        assertThat(view.getInteger("version")).isEqualTo(2);
        assertThat(view.getJsonArray("currentActivities")).containsExactly("check");
    }

    private ProcessEngine engine() {
        return server.server().processEngine();
    }

    private JsonObject save(String xml) {
        ApiClient.Response saved = admin.send("POST", "/api/v1/process-models", xml, "application/xml");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        return saved.json();
    }

    private static JsonObject finding(JsonObject model, String element, String code) {
        List<JsonObject> findings = model.getJsonArray("findings").stream().map(f -> (JsonObject) f).toList();
        return findings.stream().filter(f -> f.getString("elementId").equals(element) && f.getString("code").equals(code))
                .findFirst().orElseThrow(() -> new AssertionError("no " + code + " finding on " + element + " in " + findings));
    }

    private static JsonObject byKey(JsonArray processes, String key) {
        return processes.stream().map(p -> (JsonObject) p).filter(p -> p.getString("key").equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + key + " in " + processes));
    }

    static String reviewProcess(String key, String taskId) {
        return bpmn(key, """
                <startEvent id="start"/>
                <sequenceFlow id="toTask" sourceRef="start" targetRef="%1$s"/>
                <userTask id="%1$s" name="Review" flowable:candidateGroups="manager" flowable:formKey="call-lead"/>
                <sequenceFlow id="toEnd" sourceRef="%1$s" targetRef="end"/>
                <endEvent id="end"/>
                """.formatted(taskId));
    }

    static String bpmn(String key, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                             xmlns:flowable="http://flowable.org/bpmn" xmlns:voronka="https://voronka.io/bpmn"
                             targetNamespace="https://voronka.io/test">
                  <process id="%s" name="Test %s" isExecutable="true">
                %s
                  </process>
                </definitions>
                """.formatted(key, key, body);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server().baseUrl() + path))
                .header("Authorization", "Bearer " + admin.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ProcessModelApiTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
