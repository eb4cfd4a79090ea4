package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.record.RecordData;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.test.Deployment;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;

/**
 * The shipped win-back (seed 003's inactive base): the daily process finds clients whose last
 * purchase is more than 90 days old with its rule-language filter, marks each, sends an email with
 * consent and gives the manager a call; a marked client is not picked again until they buy again.
 */
class WinBackProcessTest extends ShippedProcessTest {

    private static final String DAILY = "process-definitions/win-back.bpmn20.xml";
    private static final String CLIENT = "process-definitions/win-back-client.bpmn20.xml";

    @Test
    @Deployment(resources = {DAILY, CLIENT})
    void clientsInactiveFor90DaysAreWorkedOnceUntilTheyBuyAgain(RuntimeService runtime, TaskService tasks,
                                                               ManagementService jobs) throws java.io.IOException {
        LocalDate today = LocalDate.now();
        RecordData anna = client("Anna", "nina", true, today.minusDays(120), null);
        RecordData dmitry = client("Dmitry", null, false, today.minusDays(200), today.minusDays(250)); // bought after the last win-back
        client("Boris", "nina", true, today.minusDays(30), null);                   // active
        client("Galina", "nina", true, today.minusDays(200), today.minusDays(100)); // worked already
        shipped.create("contact", Map.of("first_name", "Vera", "consent_email", true, "email", "vera@example.com")); // never bought

        runtime.startProcessInstanceByKey("win-back", Map.of("scheduledAt", "tick"));

        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("win-back-client").list())
                .extracting(p -> p.getBusinessKey()).containsExactlyInAnyOrder(anna.id(), dmitry.id());
        assertThat(shipped.get("contact", anna.id()).values()).containsEntry("winback_on", today);
        assertThat(shipped.get("contact", dmitry.id()).values()).containsEntry("winback_on", today);

        // Anna consents: the email goes out first; Dmitry does not: straight to the call.
        jobs.executeJob(jobs.createJobQuery().singleResult().getId());
        assertThat(pluginAction.calls()).singleElement().satisfies(call -> assertThat(call.inputs())
                .containsEntry("to", "anna@example.com"));
        Task annasCall = tasks.createTaskQuery().processInstanceBusinessKey(anna.id()).singleResult();
        assertThat(annasCall.getAssignee()).isEqualTo("nina");
        assertThat(annasCall.getFormKey()).isEqualTo("win-back-client");
        Task dmitrysCall = tasks.createTaskQuery().processInstanceBusinessKey(dmitry.id()).singleResult();
        assertThat(dmitrysCall.getAssignee()).as("no responsible manager: the managers' pool").isNull();
        assertThat(tasks.createTaskQuery().taskCandidateGroup("manager").taskId(dmitrysCall.getId()).count()).isEqualTo(1);

        // Tomorrow's tick finds nobody new.
        runtime.startProcessInstanceByKey("win-back", Map.of("scheduledAt", "next tick"));
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("win-back-client").count()).isEqualTo(2);
        tasks.complete(annasCall.getId(), Map.of("winback_outcome", "returning"));
        runtime.startProcessInstanceByKey("win-back", Map.of("scheduledAt", "a tick later"));
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("win-back-client").count()).isEqualTo(1);
        assertThat(shipped.matching("contact", BirthdayGreetingProcessTest.filterOf(DAILY))).isEmpty();
    }

    private RecordData client(String name, String manager, boolean consent, LocalDate lastPurchase, LocalDate winBackOn) {
        Map<String, Object> values = new HashMap<>(Map.of("first_name", name, "consent_email", consent,
                "email", name.toLowerCase() + "@example.com"));
        if (manager != null) {
            values.put("responsible_manager", manager);
        }
        if (winBackOn != null) {
            values.put("winback_on", winBackOn.toString());
        }
        RecordData contact = shipped.create("contact", values);
        shipped.create("deal", Map.of("title", "Order of " + name, "contact_id", contact.id(), "stage", "won",
                "amount", 5000, "closed_on", lastPurchase.toString()));
        return shipped.get("contact", contact.id());
    }
}
