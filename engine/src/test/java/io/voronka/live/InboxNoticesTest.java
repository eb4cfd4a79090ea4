package io.voronka.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.LiveListener;
import io.voronka.testing.TestServer;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A manager's inbox hears of its tasks: a hot lead's "Call the lead" task assigned to them and
 * then completed each sends a notice to their stream, and the record change sends its own.
 */
class InboxNoticesTest {

    @Test
    void managerHearsOfTaskAssignedToThemAndOfItsCompletion() {
        try (TestServer server = TestServer.start()) {
            ApiClient admin = server.admin();
            assertThat(Leads.addManager(admin, "olga").status()).isEqualTo(201);
            ApiClient olga = server.anonymous().signIn("olga", "Manager-pass-123");
            LiveListener stream = LiveListener.open(HttpClient.newHttpClient(), server.server().baseUrl(), olga.token());

            String contactId = admin.post("/api/v1/records/contact", Leads.hotLead("Inboxed")).json().getString("id");
            JsonObject task = Leads.awaitTask(olga, contactId);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.notices().stream().anyMatch(n ->
                    "task".equals(n.getString("kind")) && task.getString("id").equals(n.getString("taskId"))
                            && contactId.equals(n.getString("recordId"))));
            assertThat(stream.notices()).anyMatch(n -> "record".equals(n.getString("kind"))
                    && contactId.equals(n.getString("recordId")) && "created".equals(n.getString("type"))
                    && "api".equals(n.getString("origin")));

            assertThat(olga.post("/api/v1/tasks/" + task.getString("id") + "/complete", new JsonObject()
                    .put("values", new JsonObject().put("outcome", "qualified"))).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.notices().stream().anyMatch(n ->
                    "completed".equals(n.getString("change")) && task.getString("id").equals(n.getString("taskId"))));
            // The deal the process created arrives as a record notice from a process step.
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.notices().stream().anyMatch(n ->
                    "deal".equals(n.getString("entity")) && "process".equals(n.getString("origin"))));
        }
    }
}
