package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.flowable.engine.ProcessEngine;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record created or changed over HTTP starts its processes in its own transaction: the answer
 * already shows what the process's first steps did to the record, and the change's event has no
 * delivery for the process triggers (nor for live updates, told after the commit). A process that
 * cannot start does not fail the change: it goes through the outbox, retried there.
 */
class InlineTriggerStartTest {

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
        InboxProcesses.deploy(admin, InboxProcesses.bpmn("inline-probe",
                "<voronka:trigger on=\"created\" entity=\"contact\"/>", """
                <sequenceFlow id="f1" sourceRef="start" targetRef="probe"/>
                <serviceTask id="probe" name="Mark the lead" flowable:delegateExpression="${updateRecord}">
                  <extensionElements>
                    <voronka:input name="utm_campaign">${'probed ' + first_name}</voronka:input>
                  </extensionElements>
                </serviceTask>
                <sequenceFlow id="f2" sourceRef="probe" targetRef="done"/>
                """));
        InboxProcesses.deploy(admin, InboxProcesses.bpmn("broken-on-referral",
                "<voronka:trigger on=\"changed\" entity=\"contact\" field=\"source\" to=\"referral\"/>", """
                <sequenceFlow id="f1" sourceRef="start" targetRef="spoil"/>
                <serviceTask id="spoil" name="Write a bad email" flowable:delegateExpression="${updateRecord}">
                  <extensionElements>
                    <voronka:input name="email">${'not an email ' + first_name}</voronka:input>
                  </extensionElements>
                </serviceTask>
                <sequenceFlow id="f2" sourceRef="spoil" targetRef="done"/>
                """));
    }

    static long instances(String key, String recordId) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(key)
                .processInstanceBusinessKey(recordId).count();
    }

    /** The consumers with a delivery of the record's event of this type. */
    static List<String> deliveries(String recordId, String type) {
        return server.server().database().withConnection(c -> DSL.using(c, server.server().database().dialect())
                .select(DSL.field(DSL.name("event_delivery", "consumer"), String.class))
                .from(DSL.table(DSL.name("event_delivery")))
                .join(DSL.table(DSL.name("domain_event")))
                .on(DSL.field(DSL.name("domain_event", "id")).eq(DSL.field(DSL.name("event_delivery", "event_id"))))
                .where(DSL.field(DSL.name("domain_event", "record_id")).eq(recordId))
                .and(DSL.field(DSL.name("domain_event", "event_type")).eq(type))
                .orderBy(DSL.field(DSL.name("event_delivery", "consumer")))
                .fetch(0, String.class));
    }

    @Test
    void aCreateAnswersWithWhatItsProcessDidInTheSameTransaction() {
        ApiClient.Response created = admin.post("/api/v1/records/contact",
                new JsonObject().put("values", new JsonObject().put("first_name", "Inna")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");

        assertThat(created.json().getJsonObject("values").getString("utm_campaign")).isEqualTo("probed Inna");
        assertThat(created.json().getInteger("version")).isEqualTo(2);
        assertThat(instances("inline-probe", id)).isEqualTo(1);
        assertThat(deliveries(id, "CREATED")).as("handled in the create's transaction and after its commit").isEmpty();
        // the process's own change goes through the outbox like any change made by a process
        assertThat(deliveries(id, "UPDATED")).containsExactly("live-updates", "process-triggers");
        assertThat(admin.get("/api/v1/records/contact/" + id).json().getInteger("version")).isEqualTo(2);
    }

    @Test
    void aChangeWhoseProcessCannotStartIsKeptAndItsStartGoesThroughTheOutbox() throws Exception {
        ApiClient.Response created = admin.post("/api/v1/records/contact",
                new JsonObject().put("values", new JsonObject().put("first_name", "Boris")));
        String id = created.json().getString("id");
        int version = created.json().getInteger("version");

        ApiClient.Response changed = admin.patch("/api/v1/records/contact/" + id,
                new JsonObject().put("version", version).put("values", new JsonObject().put("source", "referral")));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().getJsonObject("values").getString("source")).isEqualTo("referral");
        assertThat(admin.get("/api/v1/records/contact/" + id).json().getJsonObject("values").getString("source"))
                .isEqualTo("referral");
        assertThat(instances("broken-on-referral", id)).isZero();
        assertThat(deliveries(id, "UPDATED")).contains("process-triggers");
        // the dispatcher now tries it, fails, and counts the attempt: an incident in the making
        // (the record has two updates: the probe's, delivered at once, and this one)
        await().atMost(Duration.ofSeconds(15)).until(() -> server.server().database().withConnection(c ->
                DSL.using(c, server.server().database().dialect())
                        .select(DSL.field(DSL.name("event_delivery", "attempts"), Integer.class))
                        .from(DSL.table(DSL.name("event_delivery")))
                        .join(DSL.table(DSL.name("domain_event")))
                        .on(DSL.field(DSL.name("domain_event", "id")).eq(DSL.field(DSL.name("event_delivery", "event_id"))))
                        .where(DSL.field(DSL.name("domain_event", "record_id")).eq(id))
                        .and(DSL.field(DSL.name("domain_event", "event_type")).eq("UPDATED"))
                        .and(DSL.field(DSL.name("event_delivery", "consumer")).eq("process-triggers"))
                        .fetch(0, Integer.class)).stream().anyMatch(attempts -> attempts >= 1));
        assertThat(instances("broken-on-referral", id)).isZero();
    }

    @Test
    void anInvalidCreateStartsNothing() {
        long before = engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("inline-probe").count();
        ApiClient.Response refused = admin.post("/api/v1/records/contact",
                new JsonObject().put("values", new JsonObject().put("first_name", "Ira").put("email", "not an email")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("inline-probe").count())
                .isEqualTo(before);
    }

    /**
     * An inline start takes the record as the create wrote it, not read back: its variables must be
     * what a start that reads the stored row gets (a start by hand), value for value and type for
     * type, for every kind of field.
     */
    @Test
    void anInlineStartSeesTheRecordAsAStartThatReadsItBack() {
        JsonObject entity = new JsonObject().put("name", "probe_kinds").put("label", "Probe").put("currency", "RUB")
                .put("titleFields", new io.vertx.core.json.JsonArray().add("title"))
                .put("fields", new io.vertx.core.json.JsonArray()
                        .add(field("title", "text")).add(field("story", "longtext")).add(field("mail", "email"))
                        .add(field("phone", "phone")).add(field("amount", "integer")).add(field("ratio", "decimal"))
                        .add(field("flag", "boolean")).add(field("day", "date")).add(field("moment", "datetime"))
                        .add(field("price", "money")).add(field("share", "percent")).add(field("site", "url"))
                        .add(field("address", "address")).add(field("owner", "user"))
                        .add(field("contact_id", "link").put("link", "contact"))
                        .add(field("kind", "enum").put("options", new io.vertx.core.json.JsonArray()
                                .add(new JsonObject().put("value", "a").put("label", "A"))
                                .add(new JsonObject().put("value", "b").put("label", "B"))))
                        .add(field("tags", "multienum").put("options", new io.vertx.core.json.JsonArray()
                                .add(new JsonObject().put("value", "x").put("label", "X"))
                                .add(new JsonObject().put("value", "y").put("label", "Y"))))
                        .add(field("empty_text", "text")).add(field("empty_count", "integer")));
        ApiClient.Response defined = admin.send("PUT", "/api/v1/entities/probe_kinds", entity.encode());
        assertThat(defined.status()).as(defined.body()).isEqualTo(200);
        InboxProcesses.deploy(admin, InboxProcesses.bpmn("probe-kinds",
                "<voronka:trigger on=\"created\" entity=\"probe_kinds\"/><voronka:trigger on=\"manual\" entity=\"probe_kinds\"/>",
                "<sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"done\"/>"));
        String contact = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("last_name", "Kinds").put("phone", "+79160001122"))).json().getString("id");

        ApiClient.Response created = admin.post("/api/v1/records/probe_kinds", new JsonObject().put("values", new JsonObject()
                .put("title", "Все типы").put("story", "Долгий рассказ").put("mail", "Probe@Example.COM")
                .put("phone", "8 (916) 000-11-22").put("amount", 42).put("ratio", 12.34).put("flag", true)
                .put("day", "2026-11-25").put("moment", "2026-11-25T10:15:30.123456+03:00")
                .put("price", new JsonObject().put("amount", "1250.5").put("currency", "RUB")).put("share", 12.5)
                .put("site", "https://example.com/x?y=1").put("address", "г Москва, ул Тверская, д 7")
                .put("owner", "admin").put("contact_id", contact).put("kind", "b")
                .put("tags", new io.vertx.core.json.JsonArray().add("y").add("x"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");
        ApiClient.Response byHand = admin.post("/api/v1/records/probe_kinds/" + id + "/processes", new JsonObject().put("key", "probe-kinds"));
        assertThat(byHand.status()).as(byHand.body()).isEqualTo(201);

        List<org.flowable.engine.history.HistoricProcessInstance> runs = engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey("probe-kinds").processInstanceBusinessKey(id).orderByProcessInstanceStartTime().asc().list();
        assertThat(runs).hasSize(2);
        java.util.Map<String, Object> inline = variables(runs.get(0).getId());
        java.util.Map<String, Object> readBack = variables(runs.get(1).getId());
        readBack.remove("startedBy"); // a start by hand names who started it
        assertThat(inline.keySet()).isEqualTo(readBack.keySet()).contains("tags", "price", "moment", "empty_count");
        readBack.forEach((name, value) -> {
            assertThat(inline.get(name)).as(name).isEqualTo(value);
            assertThat(inline.get(name) == null ? null : inline.get(name).getClass()).as(name + "'s type")
                    .isEqualTo(value == null ? null : value.getClass());
        });
    }

    private static java.util.Map<String, Object> variables(String instance) {
        java.util.Map<String, Object> values = new java.util.TreeMap<>();
        engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance).list()
                .forEach(v -> values.put(v.getVariableName(), v.getValue()));
        return values;
    }

    private static JsonObject field(String name, String type) {
        return new JsonObject().put("name", name).put("type", type);
    }
}
