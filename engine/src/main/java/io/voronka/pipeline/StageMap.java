package io.voronka.pipeline;

import io.voronka.process.Bpmn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.ExtensionElement;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.IntermediateCatchEvent;
import org.flowable.bpmn.model.Lane;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ReceiveTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.SubProcess;
import org.flowable.bpmn.model.UserTask;

/**
 * The stages of one process version, read from its lanes in document order, and where a record
 * can go from where it waits: completing a task or receiving an event follows the outgoing flows
 * through gateways and automatic steps to the next places a record waits (tasks, catch events,
 * sub-processes, end events); their lanes are the stages that completion can reach.
 */
public final class StageMap {

    /**
     * A place a record waits whose completion leads on: a user task, a catch or boundary event;
     * {@code labels} its names in other languages (its voronka:labels, as written, as its name is).
     */
    public record Step(String activityId, String name, Map<String, String> labels, Stage stage) {
    }

    private final Process process;
    private final List<Stage> stages;

    private StageMap(Process process, List<Stage> stages) {
        this.process = process;
        this.stages = stages;
    }

    /** The process's stages, or empty when it has no lanes (it is then no pipeline). */
    public static Optional<StageMap> of(Process process) {
        if (process == null || process.getLanes() == null || process.getLanes().isEmpty()) {
            return Optional.empty();
        }
        List<Stage> stages = new ArrayList<>();
        for (Lane lane : process.getLanes()) {
            List<ExtensionElement> marks = Bpmn.extensions(lane, "stage");
            ExtensionElement mark = marks.isEmpty() ? null : marks.getFirst();
            String key = attribute(mark, "key");
            if (key == null && mark != null && mark.getElementText() != null && !mark.getElementText().isBlank()) {
                key = mark.getElementText().trim();
            }
            key = key == null ? lane.getId() : key;
            String outcome = attribute(mark, "outcome");
            if (outcome == null && "lost".equals(key)) {
                outcome = "lost";
            }
            String label = lane.getName() == null || lane.getName().isBlank() ? key : lane.getName().trim();
            stages.add(new Stage(key, label, Bpmn.labels(lane), outcome, Set.copyOf(lane.getFlowReferences())));
        }
        return Optional.of(new StageMap(process, List.copyOf(stages)));
    }

    private static String attribute(ExtensionElement element, String name) {
        if (element == null) {
            return null;
        }
        String value = element.getAttributeValue(null, name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public List<Stage> stages() {
        return stages;
    }

    public Optional<Stage> stage(String key) {
        return stages.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** The stage of an activity: its lane, or the lane of the sub-process it runs inside. */
    public Optional<Stage> stageOf(String activityId) {
        FlowElement element = activityId == null ? null : process.getFlowElement(activityId, true);
        while (element != null) {
            String id = element.getId();
            Optional<Stage> found = stages.stream().filter(s -> s.nodes().contains(id)).findFirst();
            if (found.isPresent()) {
                return found;
            }
            FlowElementsContainer parent = element.getParentContainer();
            element = parent instanceof SubProcess sub ? sub : null;
        }
        return Optional.empty();
    }

    /** The stages completing {@code activityId} can lead to, whatever the conditions on the way decide. */
    public Set<Stage> reachableFrom(String activityId) {
        FlowElement start = process.getFlowElement(activityId, true);
        Set<Stage> reached = new LinkedHashSet<>();
        if (!(start instanceof FlowNode node)) {
            return reached;
        }
        Deque<FlowNode> next = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        outgoing(node).forEach(next::add);
        while (!next.isEmpty()) {
            FlowNode at = next.poll();
            if (!seen.add(at.getId())) {
                continue;
            }
            if (waits(at)) {
                stageOf(at.getId()).ifPresent(reached::add);
            } else {
                outgoing(at).forEach(next::add);
            }
        }
        return reached;
    }

    /** Every task and catch event whose completion can lead to {@code target}, in document order. */
    public List<Step> stepsLeadingTo(Stage target) {
        List<Step> steps = new ArrayList<>();
        for (FlowNode node : process.findFlowElementsOfType(FlowNode.class, true)) {
            if ((node instanceof UserTask || node instanceof IntermediateCatchEvent || node instanceof BoundaryEvent
                    || node instanceof ReceiveTask) && reachableFrom(node.getId()).contains(target)) {
                steps.add(new Step(node.getId(), name(node), Bpmn.labels(node), stageOf(node.getId()).orElse(null)));
            }
        }
        return steps;
    }

    /** The activity's names in other languages (its voronka:labels); empty when it has none. */
    public Map<String, String> labels(String activityId) {
        FlowElement element = process.getFlowElement(activityId, true);
        return element == null ? Map.of() : Bpmn.labels(element);
    }

    public String name(String activityId) {
        FlowElement element = process.getFlowElement(activityId, true);
        return element == null ? activityId : name(element);
    }

    private static String name(FlowElement element) {
        return element.getName() == null || element.getName().isBlank() ? element.getId() : element.getName().trim();
    }

    /** Where a record rests: a human step, an awaited event, a nested or called process, an end. */
    private static boolean waits(FlowNode node) {
        return node instanceof UserTask || node instanceof ReceiveTask || node instanceof IntermediateCatchEvent
                || node instanceof SubProcess || node instanceof CallActivity || node instanceof EndEvent;
    }

    private List<FlowNode> outgoing(FlowNode node) {
        List<FlowNode> targets = new ArrayList<>();
        for (SequenceFlow flow : node.getOutgoingFlows()) {
            if (process.getFlowElement(flow.getTargetRef(), true) instanceof FlowNode target) {
                targets.add(target);
            }
        }
        return targets;
    }
}
