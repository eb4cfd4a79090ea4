package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ContentFolder;
import io.voronka.plugin.api.Input;
import io.voronka.plugin.email.SendEmail;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.GraphicInfo;
import org.flowable.bpmn.model.Lane;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;
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
        ProcessReview review = new ProcessReview(POLICY, EMAIL, key -> shipped.containsKey(key + ".bpmn20.xml"));
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

    /** A Russian team's inbox reads every shipped task in Russian (voronka:label), never its English name. */
    @Test
    void everyShippedUserTaskIsNamedInRussian() {
        ContentFolder.read(null, "process-definitions").forEach((file, xml) -> POLICY.check(file, xml).getProcesses()
                .forEach(process -> process.findFlowElementsOfType(org.flowable.bpmn.model.UserTask.class, true)
                        .forEach(task -> assertThat(Bpmn.labels(task).get("ru")).as(file + " " + task.getId())
                                .isNotBlank().matches(".*[а-яА-ЯёЁ].*"))));
    }

    /**
     * The designer and the instance view draw what a file's diagram interchange says: every shipped
     * process carries a shape for each flow node, lane and pool and an edge for each flow, tasks do
     * not lie on each other, and a lane's nodes are drawn inside its band.
     */
    @Test
    void everyShippedProcessCarriesADiagramOfAllItsElements() {
        ContentFolder.read(null, "process-definitions").forEach((file, xml) -> {
            BpmnModel model = POLICY.check(file, xml);
            model.getPools().forEach(pool -> assertThat(model.getGraphicInfo(pool.getId())).as(file + " pool " + pool.getId()).isNotNull());
            for (Process process : model.getProcesses()) {
                List<FlowNode> nodes = new ArrayList<>(process.findFlowElementsOfType(FlowNode.class, true));
                assertThat(nodes).as(file).isNotEmpty();
                for (FlowNode node : nodes) {
                    GraphicInfo shape = model.getGraphicInfo(node.getId());
                    assertThat(shape).as(file + " shape of " + node.getId()).isNotNull();
                    assertThat(shape.getWidth() * shape.getHeight()).as(file + " size of " + node.getId()).isPositive();
                }
                for (SequenceFlow flow : process.findFlowElementsOfType(SequenceFlow.class, true)) {
                    assertThat(model.getFlowLocationGraphicInfo(flow.getId())).as(file + " edge of " + flow.getId()).hasSizeGreaterThanOrEqualTo(2);
                }
                List<FlowNode> placed = nodes.stream().filter(n -> !(n instanceof BoundaryEvent)).toList();
                for (int i = 0; i < placed.size(); i++) {
                    for (int j = i + 1; j < placed.size(); j++) {
                        assertThat(overlap(model.getGraphicInfo(placed.get(i).getId()), model.getGraphicInfo(placed.get(j).getId())))
                                .as(file + " " + placed.get(i).getId() + " drawn over " + placed.get(j).getId()).isFalse();
                    }
                }
                for (Lane lane : process.getLanes()) {
                    GraphicInfo band = model.getGraphicInfo(lane.getId());
                    assertThat(band).as(file + " band of lane " + lane.getId()).isNotNull();
                    for (String node : lane.getFlowReferences()) {
                        GraphicInfo shape = model.getGraphicInfo(node);
                        assertThat(shape.getX() >= band.getX() && shape.getY() >= band.getY()
                                && shape.getX() + shape.getWidth() <= band.getX() + band.getWidth()
                                && shape.getY() + shape.getHeight() <= band.getY() + band.getHeight())
                                .as(file + " " + node + " inside lane " + lane.getId()).isTrue();
                    }
                }
            }
        });
    }

    private static boolean overlap(GraphicInfo a, GraphicInfo b) {
        return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
                && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
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
