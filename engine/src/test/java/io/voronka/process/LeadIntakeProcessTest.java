package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.delegate.TaskListener;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.engine.test.Deployment;
import org.flowable.job.api.Job;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped lead-intake process on its own, with stub steps: which way each kind of lead goes,
 * and what the steps are asked to do. The full node walk is {@link LeadIntakeWalkTest}.
 */
@ExtendWith(BpmnUnit.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadIntakeProcessTest implements BpmnUnit.Steps {

    private static final String LEAD_INTAKE = "process-definitions/lead-intake.bpmn20.xml";

    private final RecordingStep createRecord = new RecordingStep();
    private final RecordingStep pluginAction = new RecordingStep();
    private final TaskListener roundRobin = task -> task.setAssignee("nina");

    @Override
    public Map<String, Object> steps() {
        return Map.of("createRecord", createRecord, "pluginAction", pluginAction, "roundRobin", roundRobin);
    }

    @BeforeEach
    void forgetEarlierCalls() {
        createRecord.calls().clear();
        pluginAction.calls().clear();
    }

    @Test
    @Deployment(resources = LEAD_INTAKE)
    void aHotLeadGetsACallAndAQualifiedOneADealOwnedByTheCaller(RuntimeService runtime, TaskService tasks) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("lead-intake",
                lead("hot", "Anna", "Ivanova", false, "anna@example.com"));

        Task call = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(call.getTaskDefinitionKey()).isEqualTo("callLead");
        assertThat(call.getAssignee()).isEqualTo("nina");
        assertThat(call.getFormKey()).isEqualTo("call-lead");

        tasks.complete(call.getId(), Map.of("outcome", "qualified", "callLeadCompletedBy", "nina"));

        assertThat(createRecord.calls()).singleElement().satisfies(step -> assertThat(step.inputs())
                .containsEntry("title", "Deal with Anna Ivanova").containsEntry("contact_id", "contact-1")
                .containsEntry("stage", "qualified").containsEntry("responsible_manager", "nina")
                .hasEntrySatisfying("amount", amount -> assertThat(new BigDecimal(amount.toString()))
                        .isEqualByComparingTo("250000")));
        assertThat(pluginAction.calls()).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
    }

    @Test
    @Deployment(resources = LEAD_INTAKE)
    void aHotLeadThatIsNotQualifiedEndsWithoutADeal(RuntimeService runtime, TaskService tasks) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("lead-intake",
                lead("hot", "Boris", null, false, null));
        Task call = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();

        tasks.complete(call.getId(), Map.of("outcome", "not_qualified", "callLeadCompletedBy", "nina"));

        assertThat(createRecord.calls()).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
    }

    @Test
    @Deployment(resources = LEAD_INTAKE)
    void aColdLeadWithEmailConsentGetsOneWelcomeEmailOutsideTheStartTransaction(RuntimeService runtime,
                                                                                ManagementService jobs) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("lead-intake",
                lead("cold", "Vera", "Petrova", true, "vera@example.com"));

        // The email step is asynchronous: starting the process only leaves a job behind.
        assertThat(pluginAction.calls()).isEmpty();
        Job job = jobs.createJobQuery().processInstanceId(instance.getId()).singleResult();
        jobs.executeJob(job.getId());

        assertThat(pluginAction.calls()).singleElement().satisfies(step -> assertThat(step.inputs())
                .containsEntry("to", "vera@example.com").containsEntry("subject", "Welcome, Vera!"));
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
    }

    @Test
    @Deployment(resources = LEAD_INTAKE)
    void aColdLeadWithoutConsentOrAWarmLeadGetsNothing(RuntimeService runtime, TaskService tasks, ManagementService jobs) {
        runtime.startProcessInstanceByKey("lead-intake", lead("cold", "Gleb", null, false, "gleb@example.com"));
        runtime.startProcessInstanceByKey("lead-intake", lead("warm", "Dina", null, true, "dina@example.com"));
        runtime.startProcessInstanceByKey("lead-intake", lead("cold", "Egor", null, true, null));

        assertThat(tasks.createTaskQuery().count()).isZero();
        assertThat(jobs.createJobQuery().count()).isZero();
        assertThat(runtime.createProcessInstanceQuery().count()).isZero();
    }

    private static Map<String, Object> lead(String warmth, String firstName, String lastName, boolean consent, String email) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("entity", "contact");
        variables.put("recordId", "contact-1");
        variables.put("warmth", warmth);
        variables.put("first_name", firstName);
        variables.put("last_name", lastName);
        variables.put("consent_email", consent);
        variables.put("email", email);
        variables.put("budget", new BigDecimal("250000"));
        return variables;
    }
}
