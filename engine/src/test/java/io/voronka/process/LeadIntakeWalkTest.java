package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The step 2 through the API: hot lead → lead intake → manager's call task → deal. */
class LeadIntakeWalkTest {

    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void hotLeadBecomesCallTaskAndQualifiedCallCreatesLinkedDeal() {
        assertThat(Leads.addManager(admin, "olga").status()).isEqualTo(201);

        ApiClient.Response created = admin.post("/api/v1/records/contact", Leads.hotLead("Sidorov"));
        assertThat(created.status()).isEqualTo(201);
        JsonObject contact = created.json();
        String contactId = contact.getString("id");
        assertThat(contact.getJsonObject("values").getString("warmth")).isEqualTo("hot");
        assertThat(contact.getJsonObject("values").getInteger("score")).isEqualTo(95);
        assertThat(contact.getJsonObject("values").getString("phone")).isEqualTo("+79123456789");
        assertThat(contact.getJsonObject("values").getString("email")).isEqualTo("ivan.sidorov@example.com");

        JsonArray instances = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.get("/api/v1/process-instances?recordId=" + contactId).array(), a -> a.size() == 1);
        assertThat(instances.getJsonObject(0).getString("processKey")).isEqualTo("lead-intake");
        assertThat(instances.getJsonObject(0).getString("state")).isEqualTo("active");

        ApiClient olga = server.anonymous().signIn("olga", "Manager-pass-123");
        JsonObject task = Leads.awaitTask(olga, contactId);
        assertThat(task.getString("name")).isEqualTo("Call the lead");
        assertThat(task.getString("assignee")).isEqualTo("olga");
        assertThat(task.getJsonObject("form").getJsonArray("fields").getJsonObject(0).getString("name")).isEqualTo("outcome");

        assertThat(olga.post("/api/v1/tasks/" + task.getString("id") + "/claim", null).status()).isEqualTo(200);
        ApiClient.Response done = olga.post("/api/v1/tasks/" + task.getString("id") + "/complete",
                new JsonObject().put("values", new JsonObject().put("outcome", "qualified").put("comment", "Wants a demo")));
        assertThat(done.status()).isEqualTo(204);

        JsonObject deals = admin.get("/api/v1/records/deal?count=true&contact_id=" + contactId).json();
        assertThat(deals.getInteger("count")).isEqualTo(1);
        JsonObject deal = deals.getJsonArray("items").getJsonObject(0).getJsonObject("values");
        assertThat(deal.getString("stage")).isEqualTo("qualified");
        assertThat(deal.getString("contact_id")).isEqualTo(contactId);
        assertThat(deal.getInteger("amount")).isEqualTo(150000);
        assertThat(deal.getString("responsible_manager")).isEqualTo("olga");
        assertThat(deal.getString("title")).isEqualTo("Deal with Ivan Sidorov");

        JsonObject finished = admin.get("/api/v1/process-instances?recordId=" + contactId).array().getJsonObject(0);
        assertThat(finished.getString("state")).isEqualTo("completed");
        assertThat(olga.get("/api/v1/tasks").array().stream()
                .anyMatch(t -> contactId.equals(((JsonObject) t).getString("recordId")))).isFalse();
    }

    @Test
    void notQualifiedCallCreatesNoDeal() {
        Leads.addManager(admin, "pavel");
        String contactId = admin.post("/api/v1/records/contact", Leads.hotLead("Kuznetsov")).json().getString("id");
        JsonObject task = Leads.awaitTask(admin, contactId);
        ApiClient assignee = server.anonymous().signIn(task.getString("assignee"), "Manager-pass-123");
        assertThat(assignee.post("/api/v1/tasks/" + task.getString("id") + "/complete",
                new JsonObject().put("values", new JsonObject().put("outcome", "not_qualified"))).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/records/deal?count=true&contact_id=" + contactId).json().getInteger("count")).isZero();
    }

    @Test
    void managerSeesOnlyOwnTasksAndCannotTouchOthers() {
        Leads.addManager(admin, "anna");
        Leads.addManager(admin, "boris");
        String first = admin.post("/api/v1/records/contact", Leads.hotLead("Ivanov")).json().getString("id");
        JsonObject firstTask = Leads.awaitTask(admin, first);
        String second = admin.post("/api/v1/records/contact", Leads.hotLead("Smirnov")).json().getString("id");
        JsonObject secondTask = Leads.awaitTask(admin, second);
        assertThat(firstTask.getString("assignee")).isNotEqualTo(secondTask.getString("assignee"));

        String owner = firstTask.getString("assignee");
        String other = secondTask.getString("assignee");
        ApiClient otherClient = server.anonymous().signIn(other, "Manager-pass-123");
        assertThat(otherClient.get("/api/v1/tasks").array().stream()
                .map(t -> ((JsonObject) t).getString("assignee"))).doesNotContain(owner);
        assertThat(otherClient.post("/api/v1/tasks/" + firstTask.getString("id") + "/claim", null).status()).isEqualTo(404);
        assertThat(otherClient.post("/api/v1/tasks/" + firstTask.getString("id") + "/complete",
                new JsonObject().put("values", new JsonObject().put("outcome", "qualified"))).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/records/deal?count=true&contact_id=" + first).json().getInteger("count")).isZero();
    }

    @Test
    void roundRobinSpreadsTasksOverManagers() {
        Leads.addManager(admin, "vera");
        Leads.addManager(admin, "gleb");
        java.util.Map<String, Integer> perManager = new java.util.HashMap<>();
        for (int i = 0; i < 4; i++) {
            String id = admin.post("/api/v1/records/contact", Leads.hotLead("RoundRobin" + i)).json().getString("id");
            perManager.merge(Leads.awaitTask(admin, id).getString("assignee"), 1, Integer::sum);
        }
        assertThat(perManager.values()).allMatch(n -> n <= 2);
        assertThat(perManager).hasSizeGreaterThanOrEqualTo(2);
    }
}
