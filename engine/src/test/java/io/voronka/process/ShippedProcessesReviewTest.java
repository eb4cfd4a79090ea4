package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ContentFolder;
import io.voronka.plugin.api.Input;
import io.voronka.plugin.email.SendEmail;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every BPMN file shipped in process-definitions/ is what the designer would let an admin deploy
 * without a single finding: no refusal, no Flowable complaint, no task nobody gets or without a form,
 * no unbound plugin input, an end reachable. The set of shipped processes is listed, so a file
 * added or lost is noticed.
 */
class ShippedProcessesReviewTest {

    private static final ProcessPolicy POLICY = new ProcessPolicy(ProcessPolicyTest.SANDBOX,
            Set.of("pluginAction", "createRecord", "updateRecord", "roundRobin", "leastLoaded", "startForEach", "linkedValue"),
            entity -> ProcessPolicyTest.CATALOG.find(entity).map(e -> ProcessPolicyTest.CATALOG.ruleSchema(e, false)),
            key -> ProcessPolicyTest.TASK_FORMS.find(key).map(f -> io.voronka.record.EntityRuleSchema.ofFields(f.key(), f.fields())));

    /** The email plugin's action as the plugin capability describes it, from the same annotations. */
    private static final StepActions EMAIL = id -> "email.send".equals(id) ? Optional.of(inputsOf(SendEmail.Input.class)) : Optional.empty();

    @Test
    void everyShippedProcessPassesTheDesignersReviewWithoutAFinding() {
        Map<String, String> shipped = ContentFolder.read(null, "process-definitions");
        assertThat(shipped.keySet()).containsExactlyInAnyOrder("lead-intake.bpmn20.xml", "b2b-sale.bpmn20.xml",
                "renewal.bpmn20.xml", "nps-survey.bpmn20.xml", "birthday-greetings.bpmn20.xml",
                "birthday-greeting.bpmn20.xml", "win-back.bpmn20.xml", "win-back-client.bpmn20.xml");
        ProcessReview review = new ProcessReview(POLICY, EMAIL);
        shipped.forEach((file, xml) -> assertThat(review.findings(BpmnDocument.read(xml.getBytes(StandardCharsets.UTF_8)), true))
                .as(file).isEmpty());
    }

    @Test
    void everyTaskFormAShippedProcessNamesExists() {
        ContentFolder.read(null, "process-definitions").forEach((file, xml) -> {
            var model = POLICY.check(file, xml);
            model.getProcesses().forEach(process -> process.findFlowElementsOfType(org.flowable.bpmn.model.UserTask.class)
                    .forEach(task -> assertThat(ProcessPolicyTest.TASK_FORMS.find(task.getFormKey()))
                            .as(file + " " + task.getId() + " form " + task.getFormKey()).isPresent()));
        });
    }

    private static StepActions.Inputs inputsOf(Class<? extends Record> input) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        Set<String> secret = new LinkedHashSet<>();
        for (RecordComponent component : input.getRecordComponents()) {
            Input annotation = component.getAnnotation(Input.class);
            all.add(component.getName());
            if (annotation != null && annotation.required()) {
                required.add(component.getName());
            }
            if (annotation != null && annotation.secret()) {
                secret.add(component.getName());
            }
        }
        return new StepActions.Inputs(all, required, secret);
    }
}
