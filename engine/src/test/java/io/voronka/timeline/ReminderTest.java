package io.voronka.timeline;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.LiveListener;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reminders: set on a record, fired once when due (live to their user), listed as due or upcoming, marked done. */
class ReminderTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("nina");

    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient nina;

    @BeforeAll
    static void signIn() {
        server = node.server();
        admin = node.admin();
        nina = node.manager("nina");
    }

    @Test
    void dueReminderNotifiesItsUserLiveAndListsAsDue() {
        String path = "/api/v1/records/contact/" + contact();
        LiveListener ninaHears = LiveListener.open(HttpClient.newHttpClient(), server.server().baseUrl(), nina.token());
        ApiClient.Response set = admin.post(path + "/reminders", new JsonObject()
                .put("at", Instant.now().plusSeconds(2).toString()).put("text", "Call back about the quote").put("user", "nina"));
        assertThat(set.status()).as(set.body()).isEqualTo(201);
        String id = set.json().getString("id");
        assertThat(set.json().getString("createdBy")).isEqualTo("admin");
        assertThat(ids(nina.get("/api/v1/reminders?state=upcoming"))).contains(id);
        assertThat(ids(nina.get("/api/v1/reminders"))).doesNotContain(id);
        assertThat(ids(admin.get("/api/v1/reminders?state=upcoming"))).doesNotContain(id);

        await().atMost(Duration.ofSeconds(15)).until(() -> ninaHears.notices().stream()
                .anyMatch(n -> "reminder".equals(n.getString("kind")) && id.equals(n.getString("reminderId"))));
        assertThat(ninaHears.notices().stream().filter(n -> id.equals(n.getString("reminderId"))).count()).isEqualTo(1);
        JsonObject due = nina.get("/api/v1/reminders?state=due").json().getJsonArray("items").stream()
                .map(r -> (JsonObject) r).filter(r -> id.equals(r.getString("id"))).findFirst().orElseThrow();
        assertThat(due.getBoolean("fired")).isTrue();
        assertThat(due.getString("text")).isEqualTo("Call back about the quote");
        JsonObject onCard = TimelineTest.first(admin.get(path + "/timeline").json().getJsonArray("items"), "reminder");
        assertThat(onCard.getString("user")).isEqualTo("nina");
        assertThat(onCard.getBoolean("done")).isFalse();

        assertThat(nina.post("/api/v1/reminders/" + id + "/done", null).json().getBoolean("done")).isTrue();
        assertThat(ids(nina.get("/api/v1/reminders?state=due"))).doesNotContain(id);
        assertThat(TimelineTest.first(admin.get(path + "/timeline").json().getJsonArray("items"), "reminder")
                .getBoolean("done")).isTrue();
    }

    @Test
    void badRemindersAnswer4xxNamingTheField() {
        String path = "/api/v1/records/contact/" + contact();
        String soon = Instant.now().plusSeconds(60).toString();
        assertProblem(admin.post(path + "/reminders", new JsonObject().put("text", "x")), 400, "at", "required");
        assertProblem(admin.post(path + "/reminders", new JsonObject().put("at", "tomorrow").put("text", "x")), 400, "at", "format");
        assertProblem(admin.post(path + "/reminders", new JsonObject().put("at", soon).put("text", " ")), 400, "text", "required");
        assertProblem(admin.post(path + "/reminders", new JsonObject().put("at", soon).put("text", "x".repeat(1001))),
                400, "text", "maxLength");
        assertProblem(admin.post(path + "/reminders", new JsonObject().put("at", soon).put("text", "x").put("user", "ghost")),
                422, "user", "exists");
        assertProblem(admin.get("/api/v1/reminders?state=someday"), 400, "state", "enum");
        String ninas = admin.post(path + "/reminders", new JsonObject().put("at", soon).put("text", "x").put("user", "nina"))
                .json().getString("id");
        assertThat(admin.post("/api/v1/reminders/" + ninas + "/done", null).status()).as("whoever set it").isEqualTo(200);
        String mine = admin.post(path + "/reminders", new JsonObject().put("at", soon).put("text", "mine")).json().getString("id");
        assertProblem(nina.post("/api/v1/reminders/" + mine + "/done", null), 404, null, null);
    }

    @Test
    void reminderFiresOnceAcrossTwoSweepers() throws Exception {
        String record = contact();
        String path = "/api/v1/records/contact/" + record;
        // Due in an hour by the node's clock, now by the sweepers' clock: only the two below fire them.
        String inAnHour = Instant.now().plus(Duration.ofHours(1)).toString();
        for (int i = 0; i < 40; i++) {
            assertThat(admin.post(path + "/reminders", new JsonObject().put("at", inAnHour).put("text", "r" + i)
                    .put("user", "nina")).status()).isEqualTo(201);
        }
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        ConcurrentLinkedQueue<JsonObject> heard = new ConcurrentLinkedQueue<>();
        ReminderSweep first = new ReminderSweep(server.server().database(), "sweeper-1", later, heard::add, noEmail());
        ReminderSweep second = new ReminderSweep(server.server().database(), "sweeper-2", later, heard::add, noEmail());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> fired = List.of(
                    threads.submit(() -> { go.await(); return first.sweep(); }),
                    threads.submit(() -> { go.await(); return second.sweep(); }));
            go.countDown();
            // other tests' reminders not yet due by the node's clock fire here too, each once as well
            assertThat(fired.get(0).get() + fired.get(1).get()).isEqualTo(heard.size());
        } finally {
            threads.shutdown();
        }
        assertThat(heard.stream().map(n -> n.getString("reminderId")).collect(Collectors.toSet())).hasSize(heard.size());
        List<JsonObject> ours = heard.stream().filter(n -> record.equals(n.getString("recordId"))).toList();
        assertThat(ours).hasSize(40);
        assertThat(ours).allMatch(n -> "nina".equals(n.getString("user")) && "reminder".equals(n.getString("kind")));
        assertThat(first.sweep() + second.sweep()).as("a second round fires nothing again").isZero();
    }

    @Test
    void withoutEmailConfiguredAFiredReminderOwesNoEmail() {
        String path = "/api/v1/records/contact/" + contact();
        String id = admin.post(path + "/reminders", new JsonObject().put("at", Instant.now().plusSeconds(1).toString())
                .put("text", "Console only").put("user", "nina")).json().getString("id");
        var database = server.server().database();
        await().atMost(Duration.ofSeconds(15)).until(() -> database.withConnection(c -> org.jooq.impl.DSL.using(c, database.dialect())
                .select(Reminders.FIRED).from(Reminders.REMINDER).where(Reminders.ID.eq(id)).fetchOne(Reminders.FIRED)) != null);
        String mailState = database.withConnection(c -> org.jooq.impl.DSL.using(c, database.dialect())
                .select(ReminderMail.STATE).from(Reminders.REMINDER).where(Reminders.ID.eq(id)).fetchOne(ReminderMail.STATE));
        assertThat(mailState).as("no email is owed, and none is tried").isNull();
    }

    private static ReminderMail noEmail() {
        return new ReminderMail(server.server().database(), null, new io.voronka.auth.UserStore(server.server().database().dialect()),
                Clock.systemUTC(), new io.voronka.kernel.incident.RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                Duration.ofMinutes(1));
    }

    private static String contact() {
        ApiClient.Response created = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Rem").put("last_name", "Inder")));
        assertThat(created.status()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static List<String> ids(ApiClient.Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().getJsonArray("items").stream().map(r -> ((JsonObject) r).getString("id")).toList();
    }
}
