package io.voronka.kernel.http;

import io.voronka.testing.Ports;
import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.RawHttp;
import io.voronka.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inputs that once answered 5xx or leaked internals; each must now answer a clear 4xx. */
class ClientInputRegressionTest {

    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.smtpAt(Ports.freePort()));
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void malformedPercentEscapeInTheQueryIsABadRequest() {
        assertProblem(raw("/api/v1/process-instances?recordId=%zz"), 400, "query", "encoding");
        assertProblem(raw("/api/v1/process-instances?recordId=%"), 400, "query", "encoding");
        assertProblem(raw("/api/v1/records/contact?first_name=%4"), 400, null, null);
    }

    /** Sent over a plain socket: the JDK's client refuses to send a malformed escape. */
    static ApiClient.Response raw(String target) {
        RawHttp.Answer answer = new RawHttp(server.server().baseUrl()).get(target, Map.of("Authorization", "Bearer " + admin.token()));
        return new ApiClient.Response(answer.status(), answer.body(), answer.header("content-type"));
    }

    @Test
    void recordIdThatCannotExistIsABadRequest() {
        assertProblem(admin.get("/api/v1/process-instances?recordId=%F0%9F%98%80"), 400, "recordId", "format");
    }

    @Test
    void birthDateBeyondWhatBothDatabasesStoreIs422() {
        for (String date : new String[] {"+10000-01-01", "0999-12-31", "-0001-01-01"}) {
            ApiClient.Response r = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                    new JsonObject().put("first_name", "Far").put("birth_date", date)));
            assertProblem(r, 422, "values.birth_date", "range");
        }
        assertProblem(admin.get("/api/v1/records/contact?birth_date=%2B10000-01-01"), 400, "birth_date", "range");
        ApiClient.Response edge = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Edge").put("birth_date", "9999-12-31")));
        assertThat(edge.status()).as(edge.body()).isEqualTo(201);
        assertThat(admin.get("/api/v1/records/contact/" + edge.json().getString("id")).json()
                .getJsonObject("values").getString("birth_date")).isEqualTo("9999-12-31");
    }

    @Test
    void taskIdsWithFourByteCharactersAreNotFound() {
        assertProblem(admin.post("/api/v1/tasks/%F0%9F%98%80/claim", null), 404, null, null);
        RawHttp.Answer rawEmoji = new RawHttp(server.server().baseUrl()).send("POST", "/api/v1/tasks/\uD83D\uDE00/claim",
                Map.of("Authorization", "Bearer " + admin.token()), null);
        assertProblem(new ApiClient.Response(rawEmoji.status(), rawEmoji.body(), rawEmoji.header("content-type")), 404, null, null);
        assertProblem(admin.post("/api/v1/tasks/%F0%9F%98%80/complete", new JsonObject().put("values", new JsonObject())), 404, null, null);
        assertProblem(admin.post("/api/v1/tasks/" + "9".repeat(300) + "/claim", null), 404, null, null);
    }

    @Test
    void stepFailuresShowAPlainMessageAndAnIncidentIdButNoExceptionText() {
        String id = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Dora").put("email", "dora@example.com").put("consent_email", true)))
                .json().getString("id");
        JsonObject failure = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var instances = admin.get("/api/v1/process-instances?recordId=" + id).array();
            return instances.isEmpty() || instances.getJsonObject(0).getJsonArray("failures").isEmpty()
                    ? null : instances.getJsonObject(0).getJsonArray("failures").getJsonObject(0);
        }, f -> f != null);
        assertThat(failure.getString("incidentId")).isNotBlank();
        assertThat(failure.getString("message")).isNotBlank().hasSizeLessThanOrEqualTo(200)
                .doesNotContain("Exception").doesNotContain("io.").doesNotContain("java.").doesNotContain("org.")
                .doesNotContain("\tat ");
    }

    @Test
    void claimsOfOneTaskAtTheSameMomentAnswer200Or409() throws Exception {
        String recordId = admin.post("/api/v1/records/contact", Leads.hotLead("Racer")).json().getString("id");
        String taskId = Leads.awaitTask(admin, recordId).getString("id");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var claims = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 6; i++) {
                claims.add(pool.submit(() -> admin.post("/api/v1/tasks/" + taskId + "/claim", null).status()));
            }
            for (var claim : claims) {
                assertThat(claim.get()).isIn(200, 409);
            }
        } finally {
            pool.shutdownNow();
        }
    }

}
