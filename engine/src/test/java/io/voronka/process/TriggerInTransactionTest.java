package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.event.EventDeliveries;
import io.voronka.kernel.event.EventDispatcher;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.testing.ApiClient;
import io.voronka.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowable.engine.HistoryService;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A record change made through the API starts its processes in its own transaction: they exist
 * when the create answers, the dispatcher never starts them again, a change that rolls back started
 * none, and a process that cannot start does not cost the record: the change is made again and the
 * dispatcher starts the process after commit, with its retries.
 */
class TriggerInTransactionTest {

    /** Fails for contacts whose last name starts with "Broken" while {@link #failing} is set. */
    static final class PickyStep implements JavaDelegate {
        final AtomicBoolean failing = new AtomicBoolean(true);

        @Override
        public void execute(DelegateExecution execution) {
            Object lastName = execution.getVariable("last_name");
            if (failing.get() && lastName != null && lastName.toString().startsWith("Broken")) {
                throw new IllegalStateException("the picky step refuses " + lastName);
            }
        }
    }

    static final PickyStep PICKY = new PickyStep();
    static TestServer server;
    static ApiClient admin;
    static HistoryService history;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), Map.of("pickyStep", PICKY));
        admin = server.admin();
        history = server.server().processEngine().getHistoryService();
        // A deal is created (a real write on the change's connection), then the picky step runs.
        InboxProcesses.deploy(admin, InboxProcesses.bpmn("deal-then-check",
                "<voronka:trigger on=\"created\" entity=\"contact\"/>", """
                <sequenceFlow id="f1" sourceRef="start" targetRef="deal"/>
                <serviceTask id="deal" name="Open a deal" flowable:delegateExpression="${createRecord}">
                  <extensionElements>
                    <voronka:entity>deal</voronka:entity>
                    <voronka:input name="title">${last_name}</voronka:input>
                    <voronka:input name="contact_id">${recordId}</voronka:input>
                    <voronka:input name="stage">qualified</voronka:input>
                  </extensionElements>
                </serviceTask>
                <sequenceFlow id="f2" sourceRef="deal" targetRef="check"/>
                <serviceTask id="check" name="Check" flowable:delegateExpression="${pickyStep}"/>
                <sequenceFlow id="f3" sourceRef="check" targetRef="done"/>
                """));
        InboxProcesses.deploy(admin, InboxProcesses.bpmn("retag-inline",
                "<voronka:trigger on=\"changed\" entity=\"contact\" field=\"utm_campaign\"/>", """
                <sequenceFlow id="f1" sourceRef="start" targetRef="tag"/>
                <serviceTask id="tag" name="Tag the campaign" flowable:delegateExpression="${updateRecord}">
                  <extensionElements>
                    <voronka:input name="utm_campaign">${'seen ' + utm_campaign}</voronka:input>
                  </extensionElements>
                </serviceTask>
                <sequenceFlow id="f2" sourceRef="tag" targetRef="done"/>
                """));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApiClient.Response create(String lastName) {
        return admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Ivan").put("last_name", lastName)));
    }

    private static long instances(String key, String recordId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(key).processInstanceBusinessKey(recordId).count();
    }

    private static long instancesWithLastName(String key, String lastName) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(key)
                .variableValueEquals("last_name", lastName).count();
    }

    private static int rows(String table, String column, String value) {
        return server.server().database().withConnection(c -> DSL.using(c).fetchCount(DSL.table(DSL.name(table)),
                DSL.field(DSL.name(column)).eq(value)));
    }

    private static RecordEvent event(String recordId, RecordEvent.Type type) {
        long id = server.server().database().withConnection(c -> DSL.using(c).select(DSL.field(DSL.name("id"), Long.class))
                .from(DSL.table(DSL.name("domain_event"))).where(DSL.field(DSL.name("record_id")).eq(recordId))
                .and(DSL.field(DSL.name("event_type")).eq(type.name())).orderBy(DSL.field(DSL.name("id")).desc()).limit(1)
                .fetchOne().value1());
        return new RecordEvent(id, type, "contact", recordId, 1, "admin", List.of(), Origin.API);
    }

    private static EventDeliveries.State delivery(RecordEvent event) {
        EventDeliveries deliveries = new EventDeliveries(server.server().database().dialect());
        return server.server().database().withConnection(c -> deliveries.state(c, ProcessTriggers.CONSUMER, event.id()))
                .orElseThrow();
    }

    @Test
    void anApiCreateHasStartedItsProcessesWhenItAnswersAndTheDispatcherNeverStartsThemAgain() {
        ApiClient.Response created = create("Fine-" + UUID.randomUUID());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");

        // No waiting: the processes committed with the record.
        assertThat(instances("lead-intake", id)).isEqualTo(1);
        assertThat(instances("deal-then-check", id)).isEqualTo(1);
        RecordEvent event = event(id, RecordEvent.Type.CREATED);
        assertThat(delivery(event)).isEqualTo(EventDeliveries.State.DELIVERED);

        EventDispatcher dispatcher = server.server().service(EventDispatcher.class);
        assertThat(dispatcher.deliver(ProcessTriggers.CONSUMER, event)).as("the claim finds it delivered").isFalse();
        dispatcher.dispatchPending();
        assertThat(instances("lead-intake", id)).isEqualTo(1);
        assertThat(instances("deal-then-check", id)).isEqualTo(1);
    }

    @Test
    void aProcessThatCannotStartLeavesTheRecordToTheDispatcherAndWhatItsFirstTryDidIsRolledBack() {
        String lastName = "Broken-" + UUID.randomUUID();
        ApiClient.Response created = create(lastName);
        assertThat(created.status()).as("the record is kept although a process cannot start").isEqualTo(201);
        String id = created.json().getString("id");
        RecordEvent event = event(id, RecordEvent.Type.CREATED);

        // The first try (record, lead intake, deal) rolled back whole; only the second change committed.
        assertThat(rows("rec_contact", "last_name", lastName)).isEqualTo(1);
        assertThat(rows("domain_event", "record_id", id)).isEqualTo(1);
        assertThat(rows("rec_deal", "title", lastName)).isZero();
        assertThat(instancesWithLastName("lead-intake", lastName)).as("the rolled-back try started nothing").isZero();
        assertThat(delivery(event)).isEqualTo(EventDeliveries.State.PENDING);

        // The dispatcher tries after commit: each failing try of the event rolls back its starts too.
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(event) >= 1);
        assertThat(instances("lead-intake", id)).isZero();
        PICKY.failing.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery(event) == EventDeliveries.State.DELIVERED);
        assertThat(instances("lead-intake", id)).isEqualTo(1);
        assertThat(instances("deal-then-check", id)).isEqualTo(1);
        assertThat(instancesWithLastName("lead-intake", lastName)).isEqualTo(1);
        assertThat(rows("rec_deal", "title", lastName)).as("one deal, from the start that committed").isEqualTo(1);
    }

    private static int attempts(RecordEvent event) {
        return server.server().database().withConnection(c -> DSL.using(c).select(DSL.field(DSL.name("attempts"), Integer.class))
                .from(DSL.table(DSL.name("event_delivery"))).where(DSL.field(DSL.name("event_id")).eq(event.id()))
                .and(DSL.field(DSL.name("consumer")).eq(ProcessTriggers.CONSUMER)).fetchOne().value1());
    }

    @Test
    void aRefusedChangeStartsNothing() {
        String lastName = "Refused-" + UUID.randomUUID();
        ApiClient.Response refused = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Ivan").put("last_name", lastName).put("phone", "not a phone")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("values.phone");
        assertThat(rows("rec_contact", "last_name", lastName)).isZero();
        assertThat(instancesWithLastName("lead-intake", lastName)).isZero();
    }

    @Test
    void aProcessChangingItsOwnRecordInTheSameTransactionDoesNotStartItselfAgain() {
        String id = create("Retag-" + UUID.randomUUID()).json().getString("id");
        int version = admin.get("/api/v1/records/contact/" + id).json().getInteger("version");

        ApiClient.Response patched = admin.patch("/api/v1/records/contact/" + id, new JsonObject().put("version", version)
                .put("values", new JsonObject().put("utm_campaign", "spring")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        // Started and run in the change's transaction: its own change committed with it.
        assertThat(instances("retag-inline", id)).isEqualTo(1);
        assertThat(admin.get("/api/v1/records/contact/" + id).json().getJsonObject("values").getString("utm_campaign"))
                .isEqualTo("seen spring");
        RecordEvent ownChange = event(id, RecordEvent.Type.UPDATED);
        assertThat(ownChange.id()).isGreaterThan(event(id, RecordEvent.Type.CREATED).id());
        await().atMost(Duration.ofSeconds(15)).until(() -> delivery(ownChange) == EventDeliveries.State.DELIVERED);
        server.server().service(EventDispatcher.class).dispatchPending();
        assertThat(instances("retag-inline", id)).as("its own change did not start it again").isEqualTo(1);
        assertThat(admin.get("/api/v1/records/contact/" + id).json().getJsonObject("values").getString("utm_campaign"))
                .isEqualTo("seen spring");
    }
}
