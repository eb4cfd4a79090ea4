package io.voronka.process;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.net.http.HttpResponse;
import org.flowable.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A webhook whose trigger has {@code signal="..."} throws that BPMN signal: a signal start event
 * starts its process with the payload's fields, a signal catch event in another process moves on;
 * the token is checked and a replay throws nothing again. A trigger that mixes what a webhook does,
 * or gives a signal to another kind of trigger, is refused at deploy.
 */
class WebhookSignalTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    static TestServer server;
    static ApiClient admin;
    static ProcessEngine engine;

    static final String PRICE_REVIEW = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                         xmlns:voronka="https://voronka.io/bpmn" targetNamespace="https://voronka.io/tests">
              <signal id="priceChangedSignal" name="price-changed"/>
              <process id="price-review" name="Price review" isExecutable="true">
                <extensionElements>
                  <voronka:trigger on="webhook" key="price-feed" signal="price-changed" fields="sku,price"/>
                </extensionElements>
                <startEvent id="heard"><signalEventDefinition signalRef="priceChangedSignal"/></startEvent>
                <sequenceFlow id="f1" sourceRef="heard" targetRef="review"/>
                <userTask id="review" name="Review the price of ${sku}: ${price}" flowable:candidateGroups="admin"/>
                <sequenceFlow id="f2" sourceRef="review" targetRef="done"/>
                <endEvent id="done"/>
              </process>
            </definitions>
            """;

    static final String PRICE_WAIT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                         xmlns:voronka="https://voronka.io/bpmn" targetNamespace="https://voronka.io/tests">
              <signal id="priceChangedSignal" name="price-changed"/>
              <process id="price-wait" name="Price wait" isExecutable="true">
                <extensionElements><voronka:trigger on="manual" entity="contact"/></extensionElements>
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="waitPrice"/>
                <intermediateCatchEvent id="waitPrice"><signalEventDefinition signalRef="priceChangedSignal"/></intermediateCatchEvent>
                <sequenceFlow id="f2" sourceRef="waitPrice" targetRef="tell"/>
                <userTask id="tell" name="Tell the client the new price" flowable:candidateGroups="admin"/>
                <sequenceFlow id="f3" sourceRef="tell" targetRef="done"/>
                <endEvent id="done"/>
              </process>
            </definitions>
            """;

    @BeforeAll
    static void start() {
        server = node.server();
        admin = node.admin();
        engine = server.server().processEngine();
        InboxProcesses.deploy(admin, PRICE_REVIEW);
        InboxProcesses.deploy(admin, PRICE_WAIT);
    }

    @Test
    void webhookThrowsItsSignalToEveryProcessOnceAndOnlyWithTheToken() throws Exception {
        String contact = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Vera").put("last_name", "Signalova"))).json().getString("id");
        assertThat(admin.post("/api/v1/records/contact/" + contact + "/processes", new JsonObject().put("key", "price-wait"))
                .status()).isEqualTo(201);
        String waiting = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("price-wait")
                .processInstanceBusinessKey(contact).singleResult().getId();
        JsonObject payload = new JsonObject().put("sku", "A-1").put("price", 990).put("extra", "ignored");

        assertThat(hook("price-feed", null, "p-1", payload).statusCode()).isEqualTo(401);
        String token = admin.post("/api/v1/hooks/price-feed/token", null).json().getString("token");
        assertThat(hook("price-feed", token + "x", "p-1", payload).statusCode()).isEqualTo(401);
        assertThat(instances("price-review")).isZero();
        assertThat(tasks("Tell the client the new price", waiting)).isZero();

        HttpResponse<String> thrown = hook("price-feed", token, "p-1", payload);
        assertThat(thrown.statusCode()).as(thrown.body()).isEqualTo(201);
        JsonObject answer = new JsonObject(thrown.body());
        assertThat(answer.getString("signal")).isEqualTo("price-changed");
        assertThat(answer.getString("processInstanceId")).isNull();
        assertThat(answer.getBoolean("replayed")).isFalse();
        // the signal start event started its process with the payload's fields; the catch event moved on
        assertThat(instances("price-review")).isEqualTo(1);
        assertThat(engine.getTaskService().createTaskQuery().processDefinitionKey("price-review").singleResult().getName())
                .isEqualTo("Review the price of A-1: 990");
        assertThat(tasks("Tell the client the new price", waiting)).isEqualTo(1);

        HttpResponse<String> replay = hook("price-feed", token, "p-1", payload);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(new JsonObject(replay.body()).getString("signal")).isEqualTo("price-changed");
        assertThat(new JsonObject(replay.body()).getBoolean("replayed")).isTrue();
        assertThat(instances("price-review")).isEqualTo(1);

        assertThat(hook("price-feed", token, "p-2", payload.copy().put("sku", "B-2")).statusCode()).isEqualTo(201);
        assertThat(instances("price-review")).isEqualTo(2);
    }

    @Test
    void webhookThatBothDeliversAMessageAndThrowsASignalIsRefused() {
        String both = PRICE_REVIEW.replace("id=\"price-review\"", "id=\"price-both\"")
                .replace("key=\"price-feed\"", "key=\"price-both\" message=\"priceAnswer\"");
        ApiClient.Response refused = admin.send("POST", "/api/v1/process-definitions", both, "application/xml");
        assertProblem(refused, 422, "price-both", "policy");
        assertThat(refused.body()).contains("either delivers a message or throws a signal");
    }

    @Test
    void signalOnATriggerOtherThanAWebhookIsRefused() {
        String manual = PRICE_WAIT.replace("id=\"price-wait\"", "id=\"price-manual\"")
                .replace("<voronka:trigger on=\"manual\" entity=\"contact\"/>",
                        "<voronka:trigger on=\"manual\" entity=\"contact\" signal=\"price-changed\"/>");
        ApiClient.Response refused = admin.send("POST", "/api/v1/process-definitions", manual, "application/xml");
        assertProblem(refused, 422, "price-manual", "policy");
        assertThat(refused.body()).contains("only a webhook trigger throws a signal");
    }

    private static long instances(String key) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(key).count();
    }

    private static long tasks(String name, String processInstanceId) {
        return engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).taskName(name).count();
    }

    private static HttpResponse<String> hook(String key, String token, String idempotencyKey, JsonObject payload) throws Exception {
        return Hooks.post(server.server().baseUrl(), key, token, idempotencyKey, payload);
    }
}
