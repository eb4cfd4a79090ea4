package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.flowable.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Processes started by a changed field (without looping), a schedule, a webhook and a filtered list. */
class TriggerKindsTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    static TestServer server;
    static ApiClient admin;
    static ProcessEngine engine;

    @BeforeAll
    static void start() {
        server = node.server();
        admin = node.admin();
        engine = server.server().processEngine();
    }

    static void deploy(String xml) {
        InboxProcesses.deploy(admin, xml);
    }

    static long instances(String key) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(key).count();
    }

    static String contact(String lastName) {
        return admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Ivan").put("last_name", lastName))).json().getString("id");
    }

    @Test
    void fieldChangedTriggerFiresOnceEvenWhenTheProcessChangesThatFieldItself() throws Exception {
        deploy(InboxProcesses.bpmn("retag",
                "<voronka:trigger on=\"changed\" entity=\"contact\" field=\"utm_campaign\"/>", """
                <sequenceFlow id="f1" sourceRef="start" targetRef="tag"/>
                <serviceTask id="tag" name="Tag the campaign" flowable:delegateExpression="${updateRecord}">
                  <extensionElements>
                    <voronka:input name="utm_campaign">${'seen ' + utm_campaign}</voronka:input>
                  </extensionElements>
                </serviceTask>
                <sequenceFlow id="f2" sourceRef="tag" targetRef="done"/>
                """));
        deploy(InboxProcesses.bpmn("referral-welcome",
                "<voronka:trigger on=\"changed\" entity=\"contact\" field=\"source\" to=\"referral\"/>",
                "<sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"done\"/>"));
        String id = contact("Petlin");
        int version = admin.get("/api/v1/records/contact/" + id).json().getInteger("version");
        ApiClient.Response patched = admin.patch("/api/v1/records/contact/" + id, new JsonObject().put("version", version)
                .put("values", new JsonObject().put("utm_campaign", "spring").put("source", "chat")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> "seen spring".equals(
                admin.get("/api/v1/records/contact/" + id).json().getJsonObject("values").getString("utm_campaign")));
        Thread.sleep(2000); // the process's own change was delivered meanwhile; a loop would have started again
        assertThat(instances("retag")).isEqualTo(1);
        assertThat(admin.get("/api/v1/records/contact/" + id).json().getJsonObject("values").getString("utm_campaign"))
                .isEqualTo("seen spring");
        assertThat(instances("referral-welcome")).isZero();

        int now = admin.get("/api/v1/records/contact/" + id).json().getInteger("version");
        admin.patch("/api/v1/records/contact/" + id, new JsonObject().put("version", now)
                .put("values", new JsonObject().put("source", "referral")));
        await().atMost(Duration.ofSeconds(15)).until(() -> instances("referral-welcome") == 1);
    }

    @Test
    void aScheduleTickFiresOnceAcrossSweepersAndMissedTicksFireOnce() throws Exception {
        deploy(InboxProcesses.bpmn("hourly-report", "<voronka:trigger on=\"schedule\" every=\"PT1H\"/>",
                "<sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"done\"/>"));
        TriggerCatalog catalog = new TriggerCatalog(engine.getRepositoryService());
        catalog.reload();
        org.jooq.SQLDialect dialect = io.voronka.testing.TestDatabase.onMariaDb() ? org.jooq.SQLDialect.MARIADB : org.jooq.SQLDialect.H2;
        Schedules first = new Schedules(catalog, engine.getRuntimeService(), engine.getManagementService(), dialect, Clock.systemUTC());
        Schedules second = new Schedules(catalog, engine.getRuntimeService(), engine.getManagementService(), dialect, Clock.systemUTC());
        for (int round = 0; round < 3; round++) {
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(first::sweep);
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(second::sweep);
            a.get();
            b.get();
        }
        // the node's own sweeper runs too; one tick, one start, whoever claimed it
        assertThat(instances("hourly-report")).isEqualTo(1);

        // every node was down for five hours: the missed ticks fire once, and the next one is within the hour
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(5));
        Schedules afterOutage = new Schedules(catalog, engine.getRuntimeService(), engine.getManagementService(), dialect, later);
        Schedules otherAfterOutage = new Schedules(catalog, engine.getRuntimeService(), engine.getManagementService(), dialect, later);
        assertThat(afterOutage.sweep() + otherAfterOutage.sweep() + afterOutage.sweep()).isEqualTo(1);
        assertThat(instances("hourly-report")).isEqualTo(2);
    }

    @Test
    void webhookRefusesABadTokenAndStartsOncePerIdempotencyKey() throws Exception {
        deploy(InboxProcesses.bpmn("site-form-lead",
                "<voronka:trigger on=\"webhook\" key=\"site-form\" fields=\"name,phone\"/>", """
                <sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
                <userTask id="review" name="Review ${name}" flowable:candidateGroups="admin"/>
                <sequenceFlow id="f2" sourceRef="review" targetRef="done"/>
                """));
        JsonObject payload = new JsonObject().put("name", "Olga").put("phone", "+79120000000").put("extra", "ignored");
        assertThat(hook("site-form", null, "k-1", payload).statusCode()).isEqualTo(401);
        ApiClient.Response issued = admin.post("/api/v1/hooks/site-form/token", null);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String token = issued.json().getString("token");
        assertThat(hook("site-form", token + "x", "k-1", payload).statusCode()).isEqualTo(401);
        assertThat(hook("no-such-hook", token, "k-1", payload).statusCode()).isEqualTo(404);
        assertThat(instances("site-form-lead")).isZero();

        HttpResponse<String> first = hook("site-form", token, "k-1", payload);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String instance = new JsonObject(first.body()).getString("processInstanceId");
        HttpResponse<String> replay = hook("site-form", token, "k-1", payload);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(replay.body()).getString("processInstanceId")).isEqualTo(instance);
        assertThat(new JsonObject(replay.body()).getBoolean("replayed")).isTrue();
        assertThat(instances("site-form-lead")).isEqualTo(1);
        assertThat(engine.getRuntimeService().getVariable(instance, "name")).isEqualTo("Olga");
        assertThat(engine.getRuntimeService().getVariable(instance, "extra")).isNull();

        // the payload's id works as the key too
        assertThat(hook("site-form", token, null, payload.copy().put("id", 42)).statusCode()).isEqualTo(201);
        assertThat(hook("site-form", token, null, payload.copy().put("id", 42)).statusCode()).isEqualTo(200);
        assertThat(instances("site-form-lead")).isEqualTo(2);

        // a new token replaces the old one
        String renewed = admin.post("/api/v1/hooks/site-form/token", null).json().getString("token");
        assertThat(hook("site-form", token, "k-2", payload).statusCode()).isEqualTo(401);
        assertThat(hook("site-form", renewed, "k-2", payload).statusCode()).isEqualTo(201);
    }

    @Test
    void aFilteredListStartsItsProcessForEachRecordAsAJob() {
        deploy(InboxProcesses.bpmn("bulk-touch", InboxProcesses.manualContact(),
                "<sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"done\"/>"));
        for (int i = 0; i < 5; i++) {
            admin.post("/api/v1/records/contact", new JsonObject().put("values",
                    new JsonObject().put("first_name", "Bulk").put("last_name", "Spisok" + i).put("utm_source", "bulk-list")));
        }
        ApiClient.Response bad = admin.post("/api/v1/records/contact/processes",
                new JsonObject().put("key", "bulk-touch").put("filter", "utm_source =="));
        assertThat(bad.status()).isEqualTo(422);
        ApiClient.Response accepted = admin.post("/api/v1/records/contact/processes",
                new JsonObject().put("key", "bulk-touch").put("filter", "utm_source == 'bulk-list'"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String job = accepted.json().getString("jobId");
        JsonObject done = await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/process-start-jobs/" + job).json(),
                j -> "done".equals(j.getString("state")));
        assertThat(done.getInteger("total")).isEqualTo(5);
        assertThat(done.getInteger("done")).isEqualTo(5);
        assertThat(done.getInteger("failed")).isZero();
        assertThat(instances("bulk-touch")).isEqualTo(5);
    }

    @Test
    void aJobWhoseNodeStoppedIsReportedFailedNotRunningForever() {
        var database = server.server().database();
        java.time.LocalDateTime long_ago = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(10);
        database.inTransaction(c -> org.jooq.impl.DSL.using(c, database.dialect())
                .insertInto(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("process_start_job")))
                .columns(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("id")), org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("actor")),
                        org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("entity")), org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("process_key")),
                        org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("state")), org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("total")),
                        org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("done")), org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("failed")),
                        org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("created_at")), org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("updated_at")))
                .values("abandoned-job", "admin", "contact", "bulk-touch", "running", 300, 100, 0, long_ago, long_ago).execute());
        ProcessStarts starts = new ProcessStarts(engine.getRuntimeService(), null, null, database);
        assertThat(starts.failAbandoned()).isEqualTo(1);
        JsonObject job = admin.get("/api/v1/process-start-jobs/abandoned-job").json();
        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getInteger("done")).isEqualTo(100);
        assertThat(job.getJsonArray("errors").getJsonObject(0).getString("detail")).contains("stopped");
    }

    private static HttpResponse<String> hook(String key, String token, String idempotencyKey, JsonObject payload) throws Exception {
        return Hooks.post(server.server().baseUrl(), key, token, idempotencyKey, payload);
    }
}
