package io.voronka.kernel.cluster;

import io.voronka.kernel.event.EventDispatcher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two clustered nodes on one database: what an admin changes on node A is in force on node B as
 * soon as A answered, without a restart; a token revoked on A stops working on B at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class CatalogsAcrossNodesTest {

    public static final String REVIEW_DEALS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                         xmlns:flowable="http://flowable.org/bpmn" xmlns:voronka="https://voronka.io/bpmn"
                         targetNamespace="https://voronka.io/processes">
              <process id="deal-review" name="Deal review" isExecutable="true">
                <extensionElements><voronka:trigger entity="deal" on="created"/></extensionElements>
                <startEvent id="start"/>
                <sequenceFlow id="toReview" sourceRef="start" targetRef="review"/>
                <userTask id="review" name="Review the deal" flowable:candidateGroups="manager"/>
                <sequenceFlow id="toEnd" sourceRef="review" targetRef="end"/>
                <endEvent id="end"/>
              </process>
            </definitions>
            """;

    TestServer a;
    TestServer b;
    ApiClient adminA;
    ApiClient adminB;

    @BeforeAll
    void startTwoNodes() {
        Map<String, String> cluster = Map.of(
                "cluster", "true",
                "cluster.name", "voronka-catalogs-" + UUID.randomUUID(),
                "cluster.port", "6201",
                "cluster.members", "127.0.0.1:6201,127.0.0.1:6202,127.0.0.1:6203");
        a = TestServer.start(with(cluster, "node.name", "node-a"));
        b = TestServer.join(a.database(), with(cluster, "node.name", "node-b"));
        assertThat(((VertxInternal) b.server().vertx()).clusterManager().getNodes()).hasSize(2);
        adminA = a.admin();
        adminB = b.admin();
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    @Order(1)
    void fieldAddedOnNodeAIsAcceptedByNodeBWithoutRestart() {
        JsonObject contact = adminA.get("/api/v1/entities/contact").json();
        int version = contact.getInteger("version");
        contact.getJsonArray("fields").add(new JsonObject().put("name", "shoe_size").put("label", "Shoe size").put("type", "number"));

        ApiClient.Response put = adminA.send("PUT", "/api/v1/entities/contact", contact.encode());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().getInteger("version")).isEqualTo(version + 1);

        // Straight after A answered, with no wait: B reloaded the definition from the database.
        JsonObject lead = Leads.hotLead("Clustered");
        lead.getJsonObject("values").put("shoe_size", 43);
        ApiClient.Response created = adminB.post("/api/v1/records/contact", lead);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().getJsonObject("values").getInteger("shoe_size")).isEqualTo(43);
        assertThat(adminB.get("/api/v1/entities/contact").json().getInteger("version")).isEqualTo(version + 1);
    }

    @Test
    @Order(2)
    void tokenLoggedOutOnNodeAAnswers401OnNodeBAtOnce() {
        Leads.addManager(adminA, "nina");
        ApiClient ninaA = a.anonymous().signIn("nina", "Manager-pass-123");
        ApiClient ninaB = b.anonymous().withToken(ninaA.token());
        assertThat(ninaB.get("/api/v1/auth/me").status()).isEqualTo(200); // B now holds the token in its cache

        assertThat(ninaA.post("/api/v1/auth/logout", new JsonObject()).status()).isEqualTo(204);

        assertThat(ninaB.get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void sessionRevokedOnNodeAAnswers401OnNodeBAtOnce() {
        Leads.addManager(adminA, "olga");
        ApiClient phone = a.anonymous().signIn("olga", "Manager-pass-123");
        ApiClient laptop = a.anonymous().signIn("olga", "Manager-pass-123");
        ApiClient phoneOnB = b.anonymous().withToken(phone.token());
        assertThat(phoneOnB.get("/api/v1/auth/me").status()).isEqualTo(200);
        String phoneSession = laptop.get("/api/v1/auth/sessions").array().stream().map(JsonObject.class::cast)
                .filter(s -> !s.getBoolean("current")).findFirst().orElseThrow().getString("id");

        assertThat(laptop.delete("/api/v1/auth/sessions/" + phoneSession).status()).isEqualTo(204);

        assertThat(phoneOnB.get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(b.anonymous().withToken(laptop.token()).get("/api/v1/auth/me").status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void processDeployedOnNodeAStartsOnNodeB() {
        ApiClient.Response deployed = adminA.send("POST", "/api/v1/process-definitions", REVIEW_DEALS, "application/xml");
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
        assertThat(deployed.json().getJsonArray("triggers").getJsonObject(0).getString("entity")).isEqualTo("deal");

        // Only B handles record events from now on, so the process can only start from B's triggers.
        a.server().service(EventDispatcher.class).close();
        ApiClient.Response deal = adminB.post("/api/v1/records/deal", new JsonObject().put("values",
                new JsonObject().put("title", "Forty chairs").put("stage", "new")));
        assertThat(deal.status()).as(deal.body()).isEqualTo(201);
        String dealId = deal.json().getString("id");

        JsonArray instances = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> adminB.get("/api/v1/process-instances?recordId=" + dealId).array(), list -> !list.isEmpty());
        assertThat(instances.getJsonObject(0).getString("processKey")).isEqualTo("deal-review");
    }

    @Test
    @Order(5)
    void aScopeNarrowedOnNodeAHoldsOnNodeBAtOnce() {
        assertThat(Leads.addManager(adminA, "vika").status()).isEqualTo(201);
        String pooled = adminA.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Pooled"))).json().getString("id");
        ApiClient vikaB = b.anonymous().signIn("vika", "Manager-pass-123");
        // Unassigned contacts are readable by default; this read also fills B's scope cache (10 s).
        assertThat(vikaB.get("/api/v1/records/contact/" + pooled).status()).isEqualTo(200);

        ApiClient.Response narrowed = adminA.send("PUT", "/api/v1/access/scopes/manager/contact",
                new JsonObject().put("read", new JsonArray().add("own")).put("write", new JsonArray().add("own")).encode());
        assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);
        assertThat(vikaB.get("/api/v1/records/contact/" + pooled).status())
                .as("node B forgot its cached scopes when A announced the change").isEqualTo(404);

        assertThat(adminA.delete("/api/v1/access/scopes/manager/contact").status()).isEqualTo(200);
        assertThat(vikaB.get("/api/v1/records/contact/" + pooled).status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void taskFormChangedOnNodeAIsServedByNodeBAtOnce() {
        JsonObject form = new JsonObject().put("label", "Cluster call").put("fields", new JsonArray()
                .add(new JsonObject().put("name", "reached").put("label", "Reached").put("type", "boolean")));
        ApiClient.Response created = adminA.send("PUT", "/api/v1/task-forms/cluster-call", form.encode());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(adminB.get("/api/v1/task-forms/cluster-call").json().getJsonArray("fields")).hasSize(1);

        form.getJsonArray("fields").add(new JsonObject().put("name", "notes").put("label", "Notes").put("type", "text"));
        assertThat(adminA.send("PUT", "/api/v1/task-forms/cluster-call", form.encode()).json().getInteger("version")).isEqualTo(2);
        // Straight after A answered: B reloaded the forms from the database (its inbox uses the same snapshot).
        JsonObject onB = adminB.get("/api/v1/task-forms/cluster-call").json();
        assertThat(onB.getInteger("version")).isEqualTo(2);
        assertThat(onB.getJsonArray("fields")).hasSize(2);

        assertThat(adminA.delete("/api/v1/task-forms/cluster-call").status()).isEqualTo(200);
        assertThat(adminB.get("/api/v1/task-forms/cluster-call").status()).isEqualTo(404);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
