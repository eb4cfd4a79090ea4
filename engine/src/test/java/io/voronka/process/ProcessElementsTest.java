package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.engine.test.Deployment;
import org.flowable.job.api.Job;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each element the designer's panel offers beyond tasks and gateways, deployed and run on the
 * engine a node runs (rule-language expressions, no JUEL): signals, embedded and event
 * sub-processes, message boundary events delivered the way a webhook delivers, call activities,
 * multi-instance, a timer relative to a record's date, escalation. Each file also passes the
 * designer's review without a finding.
 */
@ExtendWith(BpmnUnit.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessElementsTest implements BpmnUnit.Steps {

    private static final String DIR = "bpmn/elements/";

    @Override
    public Map<String, Object> steps() {
        return Map.of();
    }

    @ParameterizedTest
    @ValueSource(strings = {"signals", "sub-processes", "call-parent", "call-child", "multi-instance", "timers-escalation"})
    void eachExamplePassesTheReviewWithoutAFinding(String name) {
        ProcessReview review = new ProcessReview(policy(), id -> Optional.empty(), "call-child"::equals);
        assertThat(review.findings(BpmnDocument.read(resource(name)), true)).isEmpty();
    }

    @Test
    void misconfiguredElementsAreFoundOnTheElementSayingWhy() {
        String xml = """
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                             xmlns:voronka="https://voronka.io/bpmn" targetNamespace="t">
                  <message id="unnamed"/>
                  <process id="broken" isExecutable="true">
                    <extensionElements><voronka:trigger on="manual" entity="deal"/></extensionElements>
                    <startEvent id="start"/>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
                    <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="unnamed"/></intermediateCatchEvent>
                    <sequenceFlow id="f2" sourceRef="wait" targetRef="signalled"/>
                    <intermediateCatchEvent id="signalled"><signalEventDefinition/></intermediateCatchEvent>
                    <sequenceFlow id="f3" sourceRef="signalled" targetRef="call"/>
                    <callActivity id="call" calledElement="no-such-process"/>
                    <sequenceFlow id="f4" sourceRef="call" targetRef="each"/>
                    <userTask id="each" flowable:candidateGroups="manager" flowable:formKey="f">
                      <multiInstanceLoopCharacteristics flowable:collection="${amount +}" flowable:elementVariable="item"/>
                    </userTask>
                    <sequenceFlow id="f5" sourceRef="each" targetRef="never"/>
                    <userTask id="never" flowable:candidateGroups="manager" flowable:formKey="f">
                      <multiInstanceLoopCharacteristics isSequential="true"/>
                    </userTask>
                    <sequenceFlow id="f6" sourceRef="never" targetRef="script"/>
                    <scriptTask id="script" scriptFormat="groovy"><script>1</script></scriptTask>
                    <sequenceFlow id="f7" sourceRef="script" targetRef="end"/>
                    <endEvent id="end"/>
                  </process>
                </definitions>""";
        ProcessReview review = new ProcessReview(policy(), id -> Optional.empty(), key -> false);
        List<ProcessFinding> draft = review.findings(BpmnDocument.read(xml.getBytes(StandardCharsets.UTF_8)), false);
        assertThat(draft).extracting(f -> f.elementId() + " " + f.code() + " " + f.severity())
                .contains("wait message ERROR", "signalled signal ERROR", "call unknown-process WARNING",
                        "call call-variables WARNING", "call call-business-key WARNING", "each expression ERROR",
                        "never loop ERROR", "script forbidden ERROR");
        assertThat(draft).filteredOn(f -> f.code().equals("forbidden")).first().extracting(ProcessFinding::message)
                .asString().contains("script tasks are not allowed");
        assertThat(draft).filteredOn(f -> f.elementId().equals("wait")).first().extracting(ProcessFinding::message)
                .asString().contains("has no name");
        List<ProcessFinding> deploying = review.findings(BpmnDocument.read(xml.getBytes(StandardCharsets.UTF_8)), true);
        assertThat(deploying).extracting(f -> f.elementId() + " " + f.code() + " " + f.severity())
                .as("a call to a process that is not deployed is refused at deployment").contains("call unknown-process ERROR");
    }

    @Test
    @Deployment(resources = DIR + "signals.bpmn20.xml")
    void aThrownSignalReleasesTheBranchWaitingForIt(RuntimeService runtime, TaskService tasks, HistoryService history) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("signals", "deal-1");
        assertThat(names(tasks, instance)).containsExactly("Approve");
        tasks.complete(task(tasks, instance, "Approve").getId());
        assertThat(names(tasks, instance)).containsExactly("Send the contract");
        tasks.complete(task(tasks, instance, "Send the contract").getId());
        assertThat(ended(history, instance)).isTrue();
    }

    @Test
    @Deployment(resources = DIR + "sub-processes.bpmn20.xml")
    void aMessageBoundaryEventInterruptsTheSubProcess(RuntimeService runtime, TaskService tasks) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("sub-processes", "deal-2");
        assertThat(names(tasks, instance)).containsExactly("Call the client");
        String reached = new MessageDelivery(runtime).deliver("sub-processes", "deal-2", "clientAnswered", Map.of("answer", "yes"));
        assertThat(reached).isEqualTo(instance.getId());
        assertThat(names(tasks, instance)).containsExactly("Read the answer");
        assertThat(runtime.getVariable(instance.getId(), "answer")).isEqualTo("yes");
    }

    @Test
    @Deployment(resources = DIR + "sub-processes.bpmn20.xml")
    void aMessageStartsTheEventSubProcessAndEndsTheRest(RuntimeService runtime, TaskService tasks, HistoryService history) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("sub-processes", "deal-3");
        new MessageDelivery(runtime).deliver("sub-processes", "deal-3", "cancelled", Map.of());
        assertThat(names(tasks, instance)).containsExactly("Close the deal as cancelled");
        tasks.complete(task(tasks, instance, "Close the deal as cancelled").getId());
        assertThat(ended(history, instance)).isTrue();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                new MessageDelivery(runtime).deliver("sub-processes", "deal-3", "cancelled", Map.of())))
                .as("nothing waits any more").hasMessageContaining("nothing waits for 'cancelled' on record deal-3");
    }

    @Test
    @Deployment(resources = {DIR + "call-parent.bpmn20.xml", DIR + "call-child.bpmn20.xml"})
    void aCallActivityRunsTheCalledProcessOnTheSameRecordWithItsVariables(RuntimeService runtime, TaskService tasks,
                                                                          HistoryService history) {
        ProcessInstance parent = runtime.startProcessInstanceByKey("call-parent", "deal-4", Map.of("amount", 150));
        ProcessInstance child = runtime.createProcessInstanceQuery().superProcessInstanceId(parent.getId()).singleResult();
        assertThat(child.getProcessDefinitionKey()).isEqualTo("call-child");
        assertThat(child.getBusinessKey()).as("the record id travels as the business key").isEqualTo("deal-4");
        Task decide = tasks.createTaskQuery().processInstanceId(child.getId()).singleResult();
        assertThat(decide.getName()).isEqualTo("Approve 150 of 300");
        tasks.complete(decide.getId(), Map.of("approved", true));
        assertThat(ended(history, parent)).isTrue();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(parent.getId()).activityId("won").count())
                .isEqualTo(1);
    }

    @Test
    @Deployment(resources = DIR + "multi-instance.bpmn20.xml")
    void multiInstanceRunsOncePerItemInParallelThenCountedInSequence(RuntimeService runtime, TaskService tasks,
                                                                     HistoryService history) {
        ProcessInstance instance = runtime.startProcessInstanceByKey("multi-instance", "deal-5",
                Map.of("approvers", List.of("anna", "boris", "vera"), "review_rounds", 2));
        List<Task> approvals = tasks.createTaskQuery().processInstanceId(instance.getId()).list();
        assertThat(approvals).extracting(Task::getAssignee).containsExactlyInAnyOrder("anna", "boris", "vera");
        tasks.complete(approvals.get(0).getId());
        tasks.complete(approvals.get(1).getId());
        assertThat(names(tasks, instance)).as("two approvals complete the loop; the third task is gone")
                .containsExactly("Review 1");
        tasks.complete(task(tasks, instance, "Review 1").getId());
        assertThat(names(tasks, instance)).containsExactly("Review 2");
        tasks.complete(task(tasks, instance, "Review 2").getId());
        assertThat(ended(history, instance)).isTrue();
    }

    @Test
    @Deployment(resources = DIR + "timers-escalation.bpmn20.xml")
    void aTimerThirtyDaysBeforeTheContractEndsThenAnEscalationToTheHead(RuntimeService runtime, TaskService tasks,
                                                                         ManagementService management) {
        LocalDate contractEnd = LocalDate.now().plusDays(100);
        ProcessInstance instance = runtime.startProcessInstanceByKey("timers-escalation", "deal-6",
                Map.of("expires_on", contractEnd));
        Job timer = management.createTimerJobQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(timer.getDuedate().toInstant().atZone(ZoneId.systemDefault()).toLocalDate())
                .isEqualTo(contractEnd.minusDays(30));
        management.moveTimerToExecutableJob(timer.getId());
        management.executeJob(timer.getId());
        assertThat(names(tasks, instance)).as("the contract task is interrupted; the escalation does not stop the renewal")
                .containsExactlyInAnyOrder("Renew the contract", "The renewal is late: step in");
        assertThat(task(tasks, instance, "The renewal is late: step in").getId()).isNotNull();
    }

    private static Task task(TaskService tasks, ProcessInstance instance, String name) {
        return tasks.createTaskQuery().processInstanceId(instance.getId()).taskName(name).singleResult();
    }

    private static List<String> names(TaskService tasks, ProcessInstance instance) {
        return tasks.createTaskQuery().processInstanceId(instance.getId()).list().stream().map(Task::getName).sorted().toList();
    }

    private static boolean ended(HistoryService history, ProcessInstance instance) {
        return history.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult().getEndTime() != null;
    }

    /** Every task form the examples name exists, with no fields: these tests are about elements, not forms. */
    private static ProcessPolicy policy() {
        return new ProcessPolicy(ProcessPolicyTest.SANDBOX, Set.of("pluginAction"),
                entity -> ProcessPolicyTest.CATALOG.find(entity).map(e -> ProcessPolicyTest.CATALOG.ruleSchema(e, false)),
                key -> Optional.of(io.voronka.record.EntityRuleSchema.ofFields(key, java.util.List.of())));
    }

    static byte[] resource(String name) {
        try (InputStream in = ProcessElementsTest.class.getClassLoader().getResourceAsStream(DIR + name + ".bpmn20.xml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
