package io.voronka.plugin;

import io.voronka.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.MailingNode;
import io.voronka.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The step 3: a cold lead with email consent gets a welcome email over real SMTP. */
class WelcomeEmailTest {

    @RegisterExtension
    static final MailingNode node = MailingNode.sendingAs("hello@voronka.test");

    static ApiClient admin;

    @BeforeAll
    static void start() {
        admin = node.admin();
    }

    @Test
    void coldLeadWithEmailConsentGetsOneWelcomeEmail() throws Exception {
        JsonObject contact = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Anna").put("email", "anna@example.com").put("consent_email", true))).json();
        assertThat(contact.getJsonObject("values").getString("warmth")).isEqualTo("cold");

        await().atMost(Duration.ofSeconds(20)).until(() -> node.mails().size() >= 1);
        MimeMessage mail = node.mails().getFirst();
        assertThat(mail.getSubject()).isEqualTo("Welcome, Anna!");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("anna@example.com");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("hello@voronka.test");
        assertThat(mail.getContent().toString()).contains("Hello, Anna!");

        String contactId = contact.getString("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(
                admin.get("/api/v1/process-instances?recordId=" + contactId).array().getJsonObject(0).getString("state")));
        Thread.sleep(1500); // a duplicate would arrive within the executor's next pass
        assertThat(node.mails()).hasSize(1);
    }

    @Test
    void sentWelcomeEmailShowsOnTheContactsTimelineAsAMessage() {
        String id = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Vera").put("email", "vera@example.com").put("consent_email", true))).json().getString("id");
        JsonObject message = await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/records/contact/" + id
                        + "/timeline").json().getJsonArray("items").stream().map(i -> (JsonObject) i)
                .filter(i -> "message".equals(i.getString("kind"))).findFirst().orElse(null), m -> m != null);
        assertThat(message.getString("action")).isEqualTo("email.send");
        assertThat(message.getString("step")).isEqualTo("Send welcome email");
        assertThat(message.getString("name")).isEqualTo("Lead intake");
        assertThat(message.getString("actor")).isEqualTo("process:lead-intake");
    }

    @Test
    void coldLeadWithoutConsentGetsNoEmail() throws Exception {
        int before = node.mails().size();
        String id = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Boris").put("email", "boris@example.com").put("consent_email", false))).json().getString("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var instances = admin.get("/api/v1/process-instances?recordId=" + id).array();
            return instances.size() == 1 && "completed".equals(instances.getJsonObject(0).getString("state"));
        });
        Thread.sleep(1000);
        assertThat(node.mails()).hasSize(before);
    }

    @Test
    void unreachableSmtpShowsAsAFailedStepAndEndsAsAnIncident() {
        int closedPort = Ports.freePort();
        try (TestServer down = TestServer.start(TestServer.smtpAt(closedPort))) {
            ApiClient client = down.admin();
            String id = client.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                    .put("first_name", "Dora").put("email", "dora@example.com").put("consent_email", true)))
                    .json().getString("id");
            JsonObject failure = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                var instances = client.get("/api/v1/process-instances?recordId=" + id).array();
                if (instances.isEmpty() || instances.getJsonObject(0).getJsonArray("failures").isEmpty()) {
                    return null;
                }
                JsonObject f = instances.getJsonObject(0).getJsonArray("failures").getJsonObject(0);
                return f.getBoolean("incident") ? f : null;
            }, f -> f != null);
            assertThat(failure.getString("activityId")).isEqualTo("sendWelcome");
            assertThat(failure.getString("name")).isEqualTo("Send welcome email");
            assertThat(failure.getString("message")).containsIgnoringCase("refused");
            assertThat(failure.getInteger("retriesLeft")).isZero();
            assertThat(client.get("/api/v1/process-instances?recordId=" + id).array()
                    .getJsonObject(0).getString("state")).as("a stopped step fails the instance").isEqualTo("failed");
        }
    }

}
