package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.MailingNode;
import io.voronka.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped processes' triggers on a whole node, with real SMTP: a deal whose stage changes to
 * won gets the survey and its answer through the nps-answer webhook lands on the deal; the daily
 * birthday tick greets today's birthdays once. The processes' paths are in their own fast tests.
 */
class ShippedTriggersWalkTest {

    @RegisterExtension
    static final MailingNode node = MailingNode.sendingAs("hello@voronka.test");

    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = node.server();
        admin = node.admin();
    }

    @Test
    void aDealWonGetsTheSurveyAndTheWebhooksAnswerLandsOnTheDeal() throws Exception {
        JsonObject deal = admin.post("/api/v1/records/deal", new JsonObject().put("values", new JsonObject()
                .put("title", "Cold storage for Lenta").put("stage", "negotiation").put("responsible_manager", "admin")
                .put("survey_email", "buyer@lenta.example"))).json();
        String id = deal.getString("id");
        String token = admin.post("/api/v1/hooks/nps-answer/token", null).json().getString("token");
        // Nothing waits for an answer before the deal is won.
        assertThat(hook(token, new JsonObject().put("record", id).put("score", 9)).statusCode()).isEqualTo(404);

        ApiClient.Response won = admin.patch("/api/v1/records/deal/" + id, new JsonObject().put("version", deal.getInteger("version"))
                .put("values", new JsonObject().put("stage", "won")));
        assertThat(won.status()).as(won.body()).isEqualTo(200);

        MimeMessage survey = await().atMost(Duration.ofSeconds(30)).until(() -> mail("How did we do? Cold storage for Lenta"),
                m -> m != null);
        assertThat(survey.getAllRecipients()[0].toString()).isEqualTo("buyer@lenta.example");
        assertThat(hook(token, new JsonObject().put("score", 4)).statusCode()).isEqualTo(422); // which record?
        HttpResponse<String> text = await().atMost(Duration.ofSeconds(20)).until(() -> hook(token,
                new JsonObject().put("record", id).put("score", "nine")), r -> r.statusCode() != 404);
        assertThat(text.statusCode()).as(text.body()).isEqualTo(422);
        assertThat(text.body()).contains("payload").doesNotContain("io.voronka");

        HttpResponse<String> answered = await().atMost(Duration.ofSeconds(20)).until(() -> hook(token,
                new JsonObject().put("record", id).put("score", 4).put("comment", "Installation was late")),
                r -> r.statusCode() != 404); // the instance waits once the email step has finished
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);

        JsonObject values = admin.get("/api/v1/records/deal/" + id).json().getJsonObject("values");
        assertThat(values.getValue("nps_score").toString()).isIn("4", "4.0");
        assertThat(values.getString("nps_comment")).isEqualTo("Installation was late");
        assertThat(admin.get("/api/v1/tasks?view=mine").array().stream().map(t -> (JsonObject) t)
                .map(t -> t.getString("name"))).contains("Call the unhappy client: Cold storage for Lenta");
        // Answered: a second answer finds nothing waiting.
        assertThat(hook(token, new JsonObject().put("record", id).put("score", 10)).statusCode()).isEqualTo(404);
    }

    @Test
    void theDailyBirthdayTickGreetsTodaysBirthdaysOnce() throws Exception {
        LocalDate birthday = LocalDate.now().minusYears(35);
        String id = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Светлана").put("patronymic", "Игоревна").put("gender", "female")
                .put("birth_date", birthday.toString()).put("consent_email", true).put("email", "sveta@example.com")))
                .json().getString("id");

        dueNow("birthday-greetings");
        MimeMessage greeting = await().atMost(Duration.ofSeconds(40)).until(() -> mail("С днём рождения, Светлана!"), m -> m != null);
        assertThat(greeting.getAllRecipients()[0].toString()).isEqualTo("sveta@example.com");
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/records/contact/" + id).json()
                .getJsonObject("values").getValue("birthday_greeted_year") != null);

        dueNow("birthday-greetings");
        await().atMost(Duration.ofSeconds(40)).until(() -> nextAt("birthday-greetings").isAfter(LocalDateTime.now(ZoneOffset.UTC)
                .plusHours(1)));
        assertThat(node.mails().stream().filter(m -> MailingNode.subjectOf(m).startsWith("С днём рождения"))).hasSize(1);
    }

    /** As if the day had passed: the schedule's next tick is due now, for the node's own sweeper. */
    private static void dueNow(String processKey) {
        var database = server.server().database();
        database.inTransaction(c -> DSL.using(c, database.dialect()).update(DSL.table(DSL.name("process_schedule")))
                .set(DSL.field(DSL.name("next_at"), LocalDateTime.class), LocalDateTime.now(ZoneOffset.UTC).minusSeconds(1).withNano(0))
                .where(DSL.field(DSL.name("process_key"), String.class).eq(processKey)).execute());
    }

    private static LocalDateTime nextAt(String processKey) {
        var database = server.server().database();
        return database.withConnection(c -> DSL.using(c, database.dialect()).select(DSL.field(DSL.name("next_at"), LocalDateTime.class))
                .from(DSL.table(DSL.name("process_schedule"))).where(DSL.field(DSL.name("process_key"), String.class).eq(processKey))
                .fetchOne(0, LocalDateTime.class));
    }

    private static MimeMessage mail(String subject) {
        return node.mailWithSubject(subject);
    }

    private static HttpResponse<String> hook(String token, JsonObject payload) throws Exception {
        return Hooks.post(server.server().baseUrl(), "nps-answer", token, null, payload);
    }
}
