package io.voronka.kernel.incident;

import io.voronka.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What keeps failing stops after its attempts and waits for an admin: a record event whose process
 * cannot start, a plugin step whose provider is down, a process job Flowable dead-lettered. Each
 * shows in GET /api/v1/incidents and goes through once retried after the cause is fixed.
 */
class IncidentsTest {

    static final String PROCESS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                         targetNamespace="test">
              <process id="fragile" name="Fragile" isExecutable="true">
                <extensionElements><voronka:trigger xmlns:voronka="https://voronka.io/bpmn" entity="contact" on="created"/></extensionElements>
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
                <serviceTask id="check" name="Check at start" flowable:delegateExpression="${brokenFor}"/>
                <sequenceFlow id="f2" sourceRef="check" targetRef="later"/>
                <serviceTask id="later" name="Check later" flowable:async="true" flowable:delegateExpression="${brokenFor}"/>
                <sequenceFlow id="f3" sourceRef="later" targetRef="end"/>
                <endEvent id="end"/>
              </process>
            </definitions>
            """;

    static final int SMTP_PORT = Ports.freePort();
    static Path processes;
    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        processes = Files.createTempDirectory("voronka-processes-");
        Files.writeString(processes.resolve("fragile.bpmn20.xml"), PROCESS);
        Files.copy(Path.of("../process-definitions/lead-intake.bpmn20.xml"), processes.resolve("lead-intake.bpmn20.xml"));
        server = TestServer.start(TestServer.smtpAt(SMTP_PORT, "processes.dir", processes.toString()), Map.of("brokenFor", new BrokenFor()));
        admin = server.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (var files = Files.list(processes)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(processes);
    }

    @Test
    void eventThatKeepsFailingBecomesAnIncidentWhileOthersFlowPastAndRetryDeliversIt() {
        BrokenFor.NAMES.add("check:Poison");
        String poison = create("Poison", false);
        String healthy = create("Healthy", false);

        awaitCompleted(healthy, "fragile");
        JsonObject incident = awaitIncident("event:", poison);
        assertThat(incident.getInteger("attempts")).isEqualTo(5);
        assertThat(incident.getString("message")).contains("broken for Poison");
        assertThat(processes(poison)).isEmpty();
        sleep(2500);
        assertThat(findIncident("event:", poison).getInteger("attempts")).as("no attempts after stopping").isEqualTo(5);

        BrokenFor.NAMES.remove("check:Poison");
        assertThat(retry(incident).status()).isEqualTo(202);
        awaitCompleted(poison, "fragile");
        assertThat(findIncident("event:", poison)).isNull();
        assertThat(retry(incident).status()).as("nothing left to retry").isEqualTo(404);
    }

    @Test
    void jobThatFlowableDeadLettersIsAnIncidentAndRetryMovesItBack() {
        BrokenFor.NAMES.add("later:Stuck");
        String stuck = create("Stuck", false);
        JsonObject incident = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
                .until(() -> findIncident("job:", null, stuck), i -> i != null);
        assertThat(incident.getString("message")).contains("broken for Stuck");

        BrokenFor.NAMES.remove("later:Stuck");
        assertThat(retry(incident).status()).isEqualTo(202);
        awaitCompleted(stuck, "fragile");
    }

    @Test
    void pluginStepWhoseProviderIsDownStopsAsAnIncidentAndRetrySendsOnce() {
        String dora = create("Dora", true);
        JsonObject incident = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
                .until(() -> findIncident("step:", null, dora), i -> i != null);
        assertThat(incident.getString("message")).containsIgnoringCase("refused");
        assertThat(incident.getInteger("attempts")).isEqualTo(4);

        GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            assertThat(retry(incident).status()).isEqualTo(202);
            awaitCompleted(dora, "lead-intake");
            sleep(1500);
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(findIncident("step:", null, dora)).isNull();
        } finally {
            smtp.stop();
        }
    }

    @Test
    void onlyAdminsSeeAndRetryIncidents() {
        Leads.addManager(admin, "incident-manager");
        ApiClient manager = server.anonymous().signIn("incident-manager", "Manager-pass-123");
        assertThat(manager.get("/api/v1/incidents").status()).isEqualTo(403);
        assertThat(manager.post("/api/v1/incidents/event:process-triggers:1/retry", null).status()).isEqualTo(403);
        assertThat(admin.post("/api/v1/incidents/nosuch:1/retry", null).status()).isEqualTo(404);
        assertThat(server.anonymous().get("/api/v1/incidents").status()).isEqualTo(401);
    }

    @Test
    void openApiDocumentListsTheIncidentRoutes() {
        JsonObject paths = admin.get("/api/v1/openapi.json").json().getJsonObject("paths");
        assertThat(paths.getJsonObject("/api/v1/incidents").getJsonObject("get")).isNotNull();
        assertThat(paths.getJsonObject("/api/v1/incidents/{id}/retry").getJsonObject("post")).isNotNull();
    }

    private static String create(String name, boolean consent) {
        ApiClient.Response created = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", name).put("email", name.toLowerCase() + "@example.com").put("consent_email", consent)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static JsonArray processes(String recordId) {
        return admin.get("/api/v1/process-instances?recordId=" + recordId).array();
    }

    private static void awaitCompleted(String recordId, String processKey) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> processes(recordId).stream()
                .map(JsonObject.class::cast).anyMatch(p -> processKey.equals(p.getString("processKey"))
                        && "completed".equals(p.getString("state"))));
    }

    private static JsonObject awaitIncident(String prefix, String recordId) {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
                .until(() -> findIncident(prefix, recordId), i -> i != null);
    }

    /** The open incident of a record event (its summary names the record). */
    private static JsonObject findIncident(String prefix, String recordId) {
        for (Object o : admin.get("/api/v1/incidents").array()) {
            JsonObject incident = (JsonObject) o;
            if (incident.getString("id").startsWith(prefix) && incident.getString("summary").contains(recordId)) {
                return incident;
            }
        }
        return null;
    }

    /** The open incident of a process step of the record's processes. */
    private static JsonObject findIncident(String prefix, Void unused, String recordId) {
        var instances = processes(recordId).stream().map(p -> ((JsonObject) p).getString("id")).toList();
        for (Object o : admin.get("/api/v1/incidents").array()) {
            JsonObject incident = (JsonObject) o;
            if (incident.getString("id").startsWith(prefix) && instances.contains(incident.getString("processInstanceId"))) {
                return incident;
            }
        }
        return null;
    }

    private static ApiClient.Response retry(JsonObject incident) {
        return admin.post("/api/v1/incidents/" + URLEncoder.encode(incident.getString("id"), StandardCharsets.UTF_8)
                + "/retry", null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
