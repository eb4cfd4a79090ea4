package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ContentFolder;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The escalation example: a due date from a relative duration, a priority rule, and the boundary timer. */
@ExtendWith(BpmnUnit.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscalationTimerTest implements BpmnUnit.Steps {

    private static final String EXAMPLE = "bpmn/escalated-call.bpmn20.xml";
    private final TaskListener leastLoaded = task -> task.setAssignee("nina");

    @Override
    public Map<String, Object> steps() {
        return Map.of("leastLoaded", leastLoaded);
    }

    @Test
    void theExamplePassesThePolicy() {
        String xml = new String(readResource(), java.nio.charset.StandardCharsets.UTF_8);
        ProcessPolicy policy = new ProcessPolicy(ProcessPolicyTest.SANDBOX, java.util.Set.of("leastLoaded"),
                entity -> ProcessPolicyTest.CATALOG.find(entity).map(e -> ProcessPolicyTest.CATALOG.ruleSchema(e, false)),
                key -> java.util.Optional.empty());
        assertThat(policy.check("escalated-call.bpmn20.xml", xml).getProcesses()).hasSize(1);
        assertThat(ContentFolder.class).isNotNull();
    }

    private static byte[] readResource() {
        try (var in = EscalationTimerTest.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Deployment(resources = EXAMPLE)
    void anOverdueCallGivesTheHeadATaskAndStaysWithTheManager(RuntimeService runtime, TaskService tasks,
                                                             ManagementService management) {
        Map<String, Object> lead = new HashMap<>(Map.of("first_name", "Anna", "score", 95));
        ProcessInstance instance = runtime.startProcessInstanceByKey("escalated-call", lead);
        Task call = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(call.getName()).isEqualTo("Call Anna");
        assertThat(call.getAssignee()).isEqualTo("nina");
        assertThat(call.getPriority()).isEqualTo(80);
        assertThat(Duration.between(Instant.now(), call.getDueDate().toInstant()))
                .isBetween(Duration.ofMinutes(235), Duration.ofMinutes(241));

        Job timer = management.createTimerJobQuery().processInstanceId(instance.getId()).singleResult();
        management.moveTimerToExecutableJob(timer.getId());
        management.executeJob(timer.getId());

        assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).list())
                .extracting(Task::getName).containsExactlyInAnyOrder("Call Anna", "Overdue call: step in");
        Task stepIn = tasks.createTaskQuery().processInstanceId(instance.getId()).taskCandidateGroup("admin").singleResult();
        assertThat(stepIn.getPriority()).isEqualTo(90);
    }
}
