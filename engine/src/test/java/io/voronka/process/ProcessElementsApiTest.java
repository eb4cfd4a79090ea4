package io.voronka.process;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The elements that wait and call, through the node's API: a model calling a process that is not
 * deployed is refused at deployment; once it is deployed, a record's process calls it on the same
 * record, and the parent's webhook delivers a message to the boundary event the called process
 * waits on.
 */
class ProcessElementsApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    private static final String CHILD = ProcessModelApiTest.bpmn("reply-wait", """
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
                <userTask id="wait" name="Wait for the client ${first_name}" flowable:candidateGroups="manager" flowable:formKey="call-lead"/>
                <boundaryEvent id="replied" attachedToRef="wait" cancelActivity="true">
                  <messageEventDefinition messageRef="replyMessage"/>
                </boundaryEvent>
                <sequenceFlow id="f2" sourceRef="wait" targetRef="silent"/>
                <endEvent id="silent"/>
                <sequenceFlow id="f3" sourceRef="replied" targetRef="read"/>
                <userTask id="read" name="Read the reply: ${reply}" flowable:candidateGroups="manager" flowable:formKey="call-lead"/>
                <sequenceFlow id="f4" sourceRef="read" targetRef="done"/>
                <endEvent id="done"/>
            """).replace("<process ", "<message id=\"replyMessage\" name=\"clientReplied\"/>\n  <process ")
            .replace("isExecutable=\"true\">", "isExecutable=\"true\">\n<extensionElements><voronka:trigger on=\"webhook\" key=\"reply-wait\""
                    + " fields=\"first_name,reply\"/></extensionElements>");

    private static final String PARENT = ProcessModelApiTest.bpmn("reply-call", """
                <extensionElements>
                  <voronka:trigger on="manual" entity="contact"/>
                  <voronka:trigger on="webhook" key="client-reply" message="clientReplied" fields="reply"/>
                </extensionElements>
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="ask"/>
                <callActivity id="ask" calledElement="reply-wait" flowable:inheritBusinessKey="true">
                  <extensionElements><flowable:in source="first_name" target="first_name"/></extensionElements>
                </callActivity>
                <sequenceFlow id="f2" sourceRef="ask" targetRef="end"/>
                <endEvent id="end"/>
            """);

    @Test
    void aWebhookMessageReachesTheBoundaryEventOfACalledProcessOnTheSameRecord() throws Exception {
        ApiClient admin = node.admin();
        JsonObject parent = save(admin, PARENT);
        assertThat(findings(parent)).contains("ask unknown-process warning");
        assertProblem(admin.post("/api/v1/process-models/" + parent.getString("id") + "/deploy", null), 422, "ask", "unknown-process");

        JsonObject child = save(admin, CHILD);
        assertThat(findings(child)).isEmpty();
        assertThat(admin.post("/api/v1/process-models/" + child.getString("id") + "/deploy", null).status()).isEqualTo(201);
        JsonObject again = save(admin, PARENT);
        assertThat(findings(again)).isEmpty();
        assertThat(admin.post("/api/v1/process-models/" + again.getString("id") + "/deploy", null).status()).isEqualTo(201);

        String contact = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Vera").put("last_name", "Otvetova"))).json().getString("id");
        ApiClient.Response started = admin.post("/api/v1/records/contact/" + contact + "/processes", new JsonObject().put("key", "reply-call"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        ProcessInstance called = node.server().server().processEngine().getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(started.json().getString("processInstanceId")).singleResult();
        assertThat(called.getBusinessKey()).isEqualTo(contact);
        assertThat(tasks(called)).containsExactly("Wait for the client Vera");

        String token = admin.post("/api/v1/hooks/client-reply/token", null).json().getString("token");
        HttpResponse<String> delivered = hook(token, new JsonObject().put("record", contact).put("reply", "call me tomorrow"));
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(201);
        assertThat(new JsonObject(delivered.body()).getString("processInstanceId")).isEqualTo(called.getId());
        assertThat(tasks(called)).containsExactly("Read the reply: call me tomorrow");
        assertThat(hook(token, new JsonObject().put("record", contact).put("reply", "again")).statusCode())
                .as("nothing waits any more").isEqualTo(404);
    }

    /**
     * An intermediate message throw event delivers its message to the record's other process that
     * waits for it, in the thrower's transaction; with nothing waiting the thrower just goes on.
     */
    @Test
    void aThrownMessageReachesTheRecordsOtherProcessThatWaitsForIt() {
        ApiClient admin = node.admin();
        JsonObject waiter = save(admin, paidModel("paid-wait",
                "<intermediateCatchEvent id=\"paid\"><messageEventDefinition messageRef=\"paidMessage\"/></intermediateCatchEvent>"));
        JsonObject payer = save(admin, paidModel("paid-tell",
                "<intermediateThrowEvent id=\"paid\"><messageEventDefinition messageRef=\"paidMessage\"/></intermediateThrowEvent>"));
        assertThat(findings(payer)).noneMatch(finding -> finding.contains("message-throw"));
        for (JsonObject model : List.of(waiter, payer)) {
            ApiClient.Response deployed = admin.post("/api/v1/process-models/" + model.getString("id") + "/deploy", null);
            assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
        }
        org.flowable.engine.HistoryService history = node.server().server().processEngine().getHistoryService();

        String paid = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Olga").put("last_name", "Oplatova"))).json().getString("id");
        ApiClient.Response waits = admin.post("/api/v1/records/contact/" + paid + "/processes", new JsonObject().put("key", "paid-wait"));
        assertThat(waits.status()).as(waits.body()).isEqualTo(201);
        String waiting = waits.json().getString("processInstanceId");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(waiting).unfinished().count()).isEqualTo(1);
        ApiClient.Response told = admin.post("/api/v1/records/contact/" + paid + "/processes", new JsonObject().put("key", "paid-tell"));
        assertThat(told.status()).as(told.body()).isEqualTo(201);
        String telling = told.json().getString("processInstanceId");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(telling).finished().count()).isEqualTo(1);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(waiting).finished().count())
                .as("the waiting process heard the message").isEqualTo(1);

        String unpaid = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Nina").put("last_name", "Neoplatova"))).json().getString("id");
        String other = admin.post("/api/v1/records/contact/" + unpaid + "/processes", new JsonObject().put("key", "paid-wait"))
                .json().getString("processInstanceId");
        ApiClient.Response alone = admin.post("/api/v1/records/contact/" + paid + "/processes", new JsonObject().put("key", "paid-tell"));
        assertThat(alone.status()).as("nothing waits on this record any more: the thrower goes on").isEqualTo(201);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(other).unfinished().count())
                .as("another record's waiting process hears nothing").isEqualTo(1);
    }

    @Test
    void aWebhooksArrayRunsAMultiInstanceOncePerItem() throws Exception {
        ApiClient admin = node.admin();
        JsonObject model = save(admin, ProcessModelApiTest.bpmn("call-list", """
                <extensionElements><voronka:trigger on="webhook" key="call-list" fields="phones"/></extensionElements>
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
                <userTask id="call" name="Call ${phone}" flowable:candidateGroups="manager" flowable:formKey="call-lead">
                  <multiInstanceLoopCharacteristics isSequential="false" flowable:collection="${phones}" flowable:elementVariable="phone"/>
                </userTask>
                <sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
                <endEvent id="end"/>
                """));
        assertThat(findings(model)).isEmpty();
        assertThat(admin.post("/api/v1/process-models/" + model.getString("id") + "/deploy", null).status()).isEqualTo(201);
        String token = admin.post("/api/v1/hooks/call-list/token", null).json().getString("token");

        HttpResponse<String> delivered = hook("call-list", token, new JsonObject()
                .put("phones", new io.vertx.core.json.JsonArray().add("+79000000001").add("+79000000002").add(79000000003L)));
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(201);
        ProcessInstance instance = node.server().server().processEngine().getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(new JsonObject(delivered.body()).getString("processInstanceId")).singleResult();
        assertThat(tasks(instance)).as("a JSON array arrives as a list, one task per item")
                .containsExactlyInAnyOrder("Call +79000000001", "Call +79000000002", "Call 79000000003");
        long running = node.server().server().processEngine().getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey("call-list").count();
        HttpResponse<String> notAList = hook("call-list", token, new JsonObject().put("phones", "+79000000004"));
        assertThat(notAList.statusCode()).as("text where the loop needs a list: " + notAList.body()).isEqualTo(422);
        assertThat(new JsonObject(notAList.body()).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("payload");
        assertThat(node.server().server().processEngine().getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey("call-list").count()).as("nothing kept").isEqualTo(running);
    }

    private static JsonObject save(ApiClient admin, String xml) {
        ApiClient.Response saved = admin.send("POST", "/api/v1/process-models", xml, "application/xml");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        return saved.json();
    }

    private static List<String> findings(JsonObject model) {
        return model.getJsonArray("findings").stream().map(f -> (JsonObject) f)
                .map(f -> f.getString("elementId") + " " + f.getString("code") + " " + f.getString("severity")).toList();
    }

    private static List<String> tasks(ProcessInstance instance) {
        return node.server().server().processEngine().getTaskService().createTaskQuery().processInstanceId(instance.getId()).list()
                .stream().map(Task::getName).toList();
    }

    /** A process started by hand for a contact whose one step is {@code event} (id "paid") on the message invoicePaid. */
    private static String paidModel(String key, String event) {
        return ProcessModelApiTest.bpmn(key, """
                    <extensionElements><voronka:trigger on="manual" entity="contact"/></extensionElements>
                    <startEvent id="start"/>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="paid"/>
                    %s
                    <sequenceFlow id="f2" sourceRef="paid" targetRef="end"/>
                    <endEvent id="end"/>
                """.formatted(event)).replace("<process ", "<message id=\"paidMessage\" name=\"invoicePaid\"/>\n  <process ");
    }

    private static HttpResponse<String> hook(String token, JsonObject payload) throws Exception {
        return hook("client-reply", token, payload);
    }

    private static HttpResponse<String> hook(String key, String token, JsonObject payload) throws Exception {
        return Hooks.post(node.server().server().baseUrl(), key, token, null, payload);
    }
}
