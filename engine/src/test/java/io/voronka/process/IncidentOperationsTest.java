package io.voronka.process;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.TestServer;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Operations on failed processes: the instance view says "failed" and hides secrets, admins list
 * the instances of a version by state, retry
 * many incidents at once, skip a failed step with a reason that is kept, and a job locked by a
 * node that died runs again once its lock expires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentOperationsTest {

    /** Records (business keys) whose charge step works; every other one fails. */
    static final Set<String> HEALED = ConcurrentHashMap.newKeySet();
    static final AtomicInteger HOLD_CALLS = new AtomicInteger();
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    static final class ChargeStep implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            if (!HEALED.contains(execution.getProcessInstanceBusinessKey())) {
                throw new IllegalStateException("payment provider refused: connection refused");
            }
        }
    }

    /** Hangs on its first call, as a node does that dies while running the job; later calls finish at once. */
    static final class HoldStep implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            if (HOLD_CALLS.incrementAndGet() == 1) {
                try {
                    RELEASE.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the dead node's run never completes");
            }
        }
    }

    TestServer server;
    ApiClient admin;
    String charge;
    String hold;
    String mail;

    @BeforeAll
    void start() {
        // The email plugin points at a port nobody answers on: its calls stop as incidents.
        server = TestServer.start(TestServer.smtpAt(closedPort(), "process.job.reset.seconds", "1"),
                Map.of("chargeStep", new ChargeStep(), "holdStep", new HoldStep()));
        admin = server.admin();
        charge = deploy(ProcessModelApiTest.bpmn("charging", body("chargeStep")));
        hold = deploy(ProcessModelApiTest.bpmn("holding", body("holdStep")));
        mail = deploy(ProcessModelApiTest.bpmn("mailing", """
                <startEvent id="start"/>
                <sequenceFlow id="toMail" sourceRef="start" targetRef="welcome"/>
                <serviceTask id="welcome" name="Send welcome email" flowable:async="true" flowable:delegateExpression="${pluginAction}">
                  <extensionElements>
                    <voronka:action>email.send</voronka:action>
                    <voronka:input name="to">lead@example.com</voronka:input>
                    <voronka:input name="subject">Welcome</voronka:input>
                    <voronka:input name="body">Hello</voronka:input>
                  </extensionElements>
                </serviceTask>
                <sequenceFlow id="toAfter" sourceRef="welcome" targetRef="after"/>
                <userTask id="after" name="Call" flowable:candidateGroups="manager" flowable:formKey="call-lead"/>
                <sequenceFlow id="toEnd" sourceRef="after" targetRef="end"/>
                <endEvent id="end"/>
                """));
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        RELEASE.countDown();
        server.close();
    }

    @Test
    void instanceViewSaysFailedAndRedactsSecrets() {
        String instance = startFailing("rec-view", Map.of("apiToken", "tok-123", "customerPassword", "hunter2",
                "smtpSecret", "s", "amount", 5));
        JsonObject view = admin.get("/api/v1/process-instances/" + instance).json();
        assertThat(view.getString("state")).isEqualTo("failed");
        assertThat(view.getString("definitionId")).isEqualTo(charge);
        assertThat(view.getString("processKey")).isEqualTo("charging");
        assertThat(view.getInteger("version")).isEqualTo(1);
        assertThat(view.getString("recordId")).isEqualTo("rec-view");
        assertThat(view.getJsonArray("currentActivities")).containsExactly("charge");
        assertThat(view.getJsonArray("completedActivities")).contains("start", "toCharge");
        JsonObject variables = view.getJsonObject("variables");
        assertThat(variables.getString("apiToken")).isEqualTo("***");
        assertThat(variables.getString("customerPassword")).isEqualTo("***");
        assertThat(variables.getString("smtpSecret")).isEqualTo("***");
        assertThat(variables.getInteger("amount")).isEqualTo(5);
        assertThat(view.encode()).doesNotContain("tok-123", "hunter2");
        JsonObject incident = view.getJsonArray("incidents").getJsonObject(0);
        assertThat(incident.getString("activityId")).isEqualTo("charge");
        JsonObject started = view.getJsonArray("activities").getJsonObject(0);
        assertThat(started.getString("activityId")).isEqualTo("start");
        assertThat(started.getString("startedAt")).isNotNull();
        assertThat(started.getString("endedAt")).isNotNull();

        JsonObject listed = incident(incident.getString("id"));
        assertThat(listed.getString("elementId")).isEqualTo("charge");
        assertThat(listed.getString("recordId")).isEqualTo("rec-view");
        assertThat(listed.getString("processInstanceId")).isEqualTo(instance);
        assertThat(listed.getString("message")).contains("connection refused");
        assertProblem(admin.get("/api/v1/process-instances/nope"), 404, null, null);
    }

    @Test
    void adminsListTheInstancesOfAVersionInOneState() {
        String failing = startFailing("rec-list-failed", Map.of());
        HEALED.add("rec-list-active");
        String running = engine().getRuntimeService().startProcessInstanceById(charge, "rec-list-active").getId();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(engine().getRuntimeService().getActiveActivityIds(running)).containsExactly("after"));

        JsonArray failed = admin.get("/api/v1/process-instances?definitionId=" + charge + "&state=failed").array();
        assertThat(ids(failed)).contains(failing).doesNotContain(running);
        failed.forEach(i -> {
            assertThat(((JsonObject) i).getString("state")).isEqualTo("failed");
            assertThat(((JsonObject) i).getString("definitionId")).isEqualTo(charge);
            assertThat(((JsonObject) i).getInteger("version")).isEqualTo(1);
        });
        JsonObject listed = failed.stream().map(JsonObject.class::cast).filter(i -> i.getString("id").equals(failing))
                .findFirst().orElseThrow();
        assertThat(listed.getString("recordId")).isEqualTo("rec-list-failed");
        assertThat(listed.getJsonArray("failures").getJsonObject(0).getString("activityId")).isEqualTo("charge");
        assertThat(ids(admin.get("/api/v1/process-instances?definitionId=" + charge + "&state=active").array()))
                .contains(running).doesNotContain(failing);
        assertThat(ids(admin.get("/api/v1/process-instances?processKey=charging&limit=500").array())).contains(running, failing);
        assertThat(ids(admin.get("/api/v1/process-instances?processKey=holding").array())).doesNotContain(running, failing);
        assertThat(admin.get("/api/v1/process-instances?processKey=charging&limit=1").array()).hasSize(1);

        assertProblem(admin.get("/api/v1/process-instances?state=stuck"), 400, "state", "enum");
        assertProblem(admin.get("/api/v1/process-instances?definitionId=a%20b"), 400, "definitionId", "format");
        assertProblem(admin.get("/api/v1/process-instances?limit=0"), 400, "limit", "range");
        io.voronka.testing.Leads.addManager(admin, "instances-manager");
        ApiClient manager = server.anonymous().signIn("instances-manager", "Manager-pass-123");
        assertProblem(manager.get("/api/v1/process-instances?definitionId=" + charge), 400, "recordId", "required");
    }

    private static List<String> ids(JsonArray instances) {
        return instances.stream().map(i -> ((JsonObject) i).getString("id")).toList();
    }

    @Test
    void retryManyRetriesEachAndNamesWhatWasNotFound() {
        String first = startFailing("rec-retry-1", Map.of());
        String second = startFailing("rec-retry-2", Map.of());
        String firstIncident = incidentOf(first);
        String secondIncident = incidentOf(second);
        HEALED.add("rec-retry-1");
        HEALED.add("rec-retry-2");

        ApiClient.Response retried = admin.post("/api/v1/incidents/retry", new JsonObject()
                .put("ids", new JsonArray().add(firstIncident).add(secondIncident).add("job:no-such-job")));
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        JsonArray results = retried.json().getJsonArray("results");
        assertThat(results.getJsonObject(0).getString("status")).isEqualTo("retrying");
        assertThat(results.getJsonObject(1).getString("status")).isEqualTo("retrying");
        assertThat(results.getJsonObject(2).getString("status")).isEqualTo("not-found");
        for (String instance : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(engine().getRuntimeService().getActiveActivityIds(instance)).containsExactly("after"));
        }
        assertProblem(admin.post("/api/v1/incidents/retry", new JsonObject().put("ids", new JsonArray())), 422, "ids", "range");
        assertProblem(admin.post("/api/v1/incidents/retry", new JsonObject().put("ids", "job:x")), 400, "ids", "type");
    }

    @Test
    void skipMovesPastTheFailedStepAndKeepsWhoAndWhy() {
        String instance = startFailing("rec-skip", Map.of());
        String incident = incidentOf(instance);
        assertProblem(admin.post("/api/v1/incidents/" + incident + "/skip", new JsonObject()), 422, "reason", "required");

        ApiClient.Response skipped = admin.post("/api/v1/incidents/" + incident + "/skip",
                new JsonObject().put("reason", "paid by bank transfer, checked by hand"));
        assertThat(skipped.status()).as(skipped.body()).isEqualTo(200);
        assertThat(engine().getRuntimeService().getActiveActivityIds(instance)).containsExactly("after");
        assertThat(engine().getManagementService().createDeadLetterJobQuery().processInstanceId(instance).count()).isZero();

        JsonObject view = admin.get("/api/v1/process-instances/" + instance).json();
        assertThat(view.getString("state")).isEqualTo("active");
        JsonObject skip = view.getJsonArray("skips").getJsonObject(0);
        assertThat(skip.getString("reason")).isEqualTo("paid by bank transfer, checked by hand");
        assertThat(skip.getString("skippedBy")).isEqualTo("admin");
        assertThat(skip.getString("activityId")).isEqualTo("charge");
        assertThat(skip.getString("targetActivityId")).isEqualTo("after");
        assertThat(admin.get("/api/v1/incidents").array().stream().map(i -> ((JsonObject) i).getString("id")))
                .doesNotContain(incident);
        assertProblem(admin.post("/api/v1/incidents/" + incident + "/skip", new JsonObject().put("reason", "again")),
                404, null, null);
        assertProblem(admin.post("/api/v1/incidents/event:process-triggers:1/skip", new JsonObject().put("reason", "x")),
                409, null, null);
        assertProblem(admin.post("/api/v1/incidents/nothing/skip", new JsonObject().put("reason", "x")), 404, null, null);
    }

    @Test
    void skipPassesOverAStoppedPluginStepWithoutAResult() {
        String instance = engine().getRuntimeService().startProcessInstanceById(mail, "rec-mail").getId();
        JsonObject incident = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                admin.get("/api/v1/incidents").array().stream().map(i -> (JsonObject) i)
                        .filter(i -> instance.equals(i.getString("processInstanceId"))).findFirst().orElse(null),
                i -> i != null);
        assertThat(incident.getString("kind")).isEqualTo("plugin-step");
        assertThat(incident.getString("elementId")).isEqualTo("welcome");
        JsonObject failedView = admin.get("/api/v1/process-instances/" + instance).json();
        assertThat(failedView.getString("state")).isEqualTo("failed");
        // The step counts its visits in a variable of its own; the engine keeps it, the view leaves it out.
        assertThat(engine().getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance)
                .variableName(EngineVariables.visits("welcome")).count()).isEqualTo(1);
        assertThat(failedView.getJsonObject("variables").fieldNames()).noneMatch(EngineVariables::internal);

        ApiClient.Response skipped = admin.post("/api/v1/incidents/" + incident.getString("id") + "/skip",
                new JsonObject().put("reason", "the lead was welcomed by phone"));
        assertThat(skipped.status()).as(skipped.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(engine().getRuntimeService().getActiveActivityIds(instance)).containsExactly("after"));
        JsonObject view = admin.get("/api/v1/process-instances/" + instance).json();
        assertThat(view.getString("state")).isEqualTo("active");
        assertThat(view.getJsonObject("variables").containsKey("welcomeResult")).as("no result was made up").isFalse();
        JsonObject skip = view.getJsonArray("skips").getJsonObject(0);
        assertThat(skip.getString("incidentId")).isEqualTo(incident.getString("id"));
        assertThat(skip.getString("reason")).isEqualTo("the lead was welcomed by phone");
        assertThat(skip.getString("skippedBy")).isEqualTo("admin");
        assertProblem(admin.post("/api/v1/incidents/" + incident.getString("id") + "/skip",
                new JsonObject().put("reason", "again")), 404, null, null);
    }

    @Test
    void jobLockedByADeadNodeRunsAgainOnceItsLockExpired() {
        String instance = engine().getRuntimeService().startProcessInstanceById(hold, "rec-hold").getId();
        await().atMost(Duration.ofSeconds(20)).until(() -> HOLD_CALLS.get() == 1);
        // The node "dies": its job lock is left behind, already expired. (Its step is not exclusive: a
        // live thread's hold on the instance row would block the test, while a dead node's connection is gone.)
        Timestamp past = Timestamp.from(Instant.now().minusSeconds(60));
        server.server().database().withConnection(c -> {
            try (PreparedStatement job = c.prepareStatement(
                    "update ACT_RU_JOB set LOCK_OWNER_ = 'dead-node', LOCK_EXP_TIME_ = ? where PROCESS_INSTANCE_ID_ = ?")) {
                job.setTimestamp(1, past);
                job.setString(2, instance);
                assertThat(job.executeUpdate()).as("the job is still there, locked").isEqualTo(1);
            }
            return null;
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(engine().getRuntimeService().getActiveActivityIds(instance)).containsExactly("after"));
        assertThat(HOLD_CALLS.get()).isEqualTo(2);
        RELEASE.countDown();
        // The dead node's run, should it ever finish, cannot complete the job a second time.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(engine().getTaskService().createTaskQuery().processInstanceId(instance).count()).isEqualTo(1));
    }

    private String startFailing(String recordId, Map<String, Object> variables) {
        String instance = engine().getRuntimeService().startProcessInstanceById(charge, recordId, variables).getId();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() ->
                engine().getManagementService().createDeadLetterJobQuery().processInstanceId(instance).count() == 1);
        return instance;
    }

    private String incidentOf(String instance) {
        return "job:" + engine().getManagementService().createDeadLetterJobQuery().processInstanceId(instance)
                .singleResult().getId();
    }

    private JsonObject incident(String id) {
        return admin.get("/api/v1/incidents").array().stream().map(i -> (JsonObject) i)
                .filter(i -> i.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no incident " + id));
    }

    private ProcessEngine engine() {
        return server.server().processEngine();
    }

    private String deploy(String xml) {
        ApiClient.Response saved = admin.send("POST", "/api/v1/process-models", xml, "application/xml");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        ApiClient.Response deployed = admin.post("/api/v1/process-models/" + saved.json().getString("id") + "/deploy", null);
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
        return deployed.json().getString("definitionId");
    }

    private static String body(String step) {
        return """
                <startEvent id="start"/>
                <sequenceFlow id="toCharge" sourceRef="start" targetRef="charge"/>
                <serviceTask id="charge" name="Charge the card" flowable:async="true" flowable:exclusive="%s"
                             flowable:delegateExpression="${%s}"/>
                <sequenceFlow id="toAfter" sourceRef="charge" targetRef="after"/>
                <userTask id="after" name="Ship" flowable:candidateGroups="manager" flowable:formKey="call-lead"/>
                <sequenceFlow id="toEnd" sourceRef="after" targetRef="end"/>
                <endEvent id="end"/>
                """.formatted(!step.equals("holdStep"), step);
    }
}
