package io.voronka.process;

import io.voronka.kernel.error.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.EventSubProcess;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.SubProcess;
import org.flowable.bpmn.model.UserTask;
import org.flowable.validation.ProcessValidator;
import org.flowable.validation.ValidationError;

/**
 * Everything the designer shows about a model before it is deployed: the process policy's
 * refusals (one per element), Flowable's own validation, and what would run but not as meant
 * (a user task nobody gets, a plugin step missing an input, no end to reach). What Voronka does not
 * execute is a warning while the model is a draft and an error when it is deployed.
 */
final class ProcessReview {

    private static final String PLUGIN_STEP = "${pluginAction}";

    private final ProcessPolicy policy;
    private final StepActions actions;
    private final ElementReview elements;
    private final ProcessValidator flowable = MessageThrow.validator();

    /** @param deployed whether a process key has a deployed definition (what a call activity may call) */
    ProcessReview(ProcessPolicy policy, StepActions actions, java.util.function.Predicate<String> deployed) {
        this.policy = policy;
        this.actions = actions;
        this.elements = new ElementReview(deployed);
    }

    /** The findings, one per element and code, errors first. */
    List<ProcessFinding> findings(BpmnDocument document, boolean deploying) {
        Map<String, ProcessFinding> found = new LinkedHashMap<>();
        for (ProcessRejected refused : policy.refusals("model", document.model())) {
            boolean unsupported = ProcessRejected.UNSUPPORTED.equals(refused.kind());
            add(found, unsupported && !deploying
                    ? ProcessFinding.warning(refused.element(), refused.kind(), refused.text())
                    : ProcessFinding.error(refused.element(), refused.kind(), refused.text()));
        }
        for (BpmnDocument.Unsupported element : document.unsupported()) {
            Message message = Message.of("process.review.unsupported", element.element());
            add(found, deploying ? ProcessFinding.error(element.elementId(), "unsupported", message)
                    : ProcessFinding.warning(element.elementId(), "unsupported", message));
        }
        for (String process : document.notExecutable()) {
            Message message = Message.of("process.review.not-executable");
            add(found, deploying ? ProcessFinding.error(process, "not-executable", message)
                    : ProcessFinding.warning(process, "not-executable", message));
        }
        flowableFindings(document, found);
        for (Process process : document.model().getProcesses()) {
            for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
                if (element instanceof UserTask task) {
                    userTask(task, found);
                } else if (element instanceof ServiceTask task && PLUGIN_STEP.equals(trim(task.getImplementation()))) {
                    pluginStep(task, found);
                }
            }
            elements.review(document.model(), process, deploying, finding -> add(found, finding));
            reachability(process, found);
        }
        List<ProcessFinding> result = new ArrayList<>(found.values());
        result.sort((a, b) -> Boolean.compare(b.isError(), a.isError()));
        return result;
    }

    private void flowableFindings(BpmnDocument document, Map<String, ProcessFinding> found) {
        List<ValidationError> errors;
        try {
            errors = flowable.validate(document.model());
        } catch (RuntimeException e) {
            return; // Flowable's validator fails on some models our own checks already refuse
        }
        for (ValidationError error : errors) {
            String element = error.getActivityId() != null ? error.getActivityId()
                    : error.getProcessDefinitionId() != null ? error.getProcessDefinitionId() : "definitions";
            // The executable flag has a finding of its own, with advice.
            if (!document.notExecutable().isEmpty() && error.getProblem() != null
                    && error.getProblem().endsWith("process-definition-not-executable")) {
                continue;
            }
            // An element Voronka does not run has that finding already; Flowable's complaint about it adds nothing.
            if (found.containsKey(element + "|" + ProcessRejected.UNSUPPORTED)) {
                continue;
            }
            // Flowable's own words: a library's, not ours to translate.
            Message message = Message.literal(error.getDefaultDescription() == null ? error.getProblem()
                    : error.getDefaultDescription());
            add(found, error.isWarning() ? ProcessFinding.warning(element, "flowable", message)
                    : ProcessFinding.error(element, "flowable", message));
        }
    }

    private void userTask(UserTask task, Map<String, ProcessFinding> found) {
        if (blank(task.getFormKey())) {
            add(found, ProcessFinding.warning(task.getId(), "missing-form", Message.of("process.review.missing-form")));
        } else if (!task.getFormKey().contains("${") && !policy.knowsTaskForm(task.getFormKey().trim())) {
            // Deploying is still allowed (the form may be made next), but until then the task asks for nothing.
            add(found, ProcessFinding.warning(task.getId(), "unknown-form",
                    Message.of("process.review.unknown-form", task.getFormKey().trim())));
        }
        boolean assigned = !blank(task.getAssignee()) || !task.getCandidateUsers().isEmpty()
                || !task.getCandidateGroups().isEmpty() || !task.getTaskListeners().isEmpty()
                || !Bpmn.extensions(task, "assignment").isEmpty();
        if (!assigned) {
            add(found, ProcessFinding.warning(task.getId(), "unassigned", Message.of("process.review.unassigned")));
        }
    }

    private void pluginStep(ServiceTask task, Map<String, ProcessFinding> found) {
        String actionId = Bpmn.text(task, "action");
        if (blank(actionId)) {
            add(found, ProcessFinding.error(task.getId(), "unknown-action", Message.of("process.review.no-action")));
            return;
        }
        StepActions.Inputs inputs = actions.inputs(actionId).orElse(null);
        if (inputs == null) {
            add(found, ProcessFinding.error(task.getId(), "unknown-action",
                    Message.of("process.review.unknown-action", actionId)));
            return;
        }
        Set<String> bound = new HashSet<>();
        Bpmn.extensions(task, "input").forEach(input -> {
            String name = input.getAttributeValue(null, "name");
            if (name != null && !blank(input.getElementText())) {
                bound.add(name);
            }
            if (name != null && !inputs.all().contains(name)) {
                add(found, ProcessFinding.error(task.getId(), "unknown-input", Message.of("process.review.unknown-input",
                        name, actionId, inputs.all().stream().sorted().toList())));
            }
        });
        List<String> missing = inputs.required().stream().filter(name -> !bound.contains(name)).sorted().toList();
        if (!missing.isEmpty()) {
            add(found, ProcessFinding.error(task.getId(), "unbound-input", Message.of(missing.size() == 1
                    ? "process.review.unbound-input" : "process.review.unbound-inputs", actionId, String.join(", ", missing))));
        }
    }

    /** Follows the flows from the start events; an instance that can reach no end event never finishes. */
    private static void reachability(Process process, Map<String, ProcessFinding> found) {
        List<StartEvent> starts = topLevel(process, StartEvent.class);
        if (starts.isEmpty()) {
            add(found, ProcessFinding.error(process.getId(), "no-start", Message.of("process.review.no-start")));
            return;
        }
        Set<String> reached = new HashSet<>();
        Deque<FlowElement> next = new ArrayDeque<>(starts);
        topLevel(process, EventSubProcess.class).forEach(next::add);
        boolean endReached = false;
        while (!next.isEmpty()) {
            FlowElement element = next.poll();
            if (element == null || !reached.add(element.getId())) {
                continue;
            }
            if (element instanceof EndEvent && element.getParentContainer() == process) {
                endReached = true;
            }
            if (element instanceof SequenceFlow flow) {
                next.add(process.getFlowElement(flow.getTargetRef(), true));
            }
            if (element instanceof FlowNode node && !(element instanceof EventSubProcess)) {
                node.getOutgoingFlows().forEach(next::add);
            }
            if (element instanceof Activity activity) {
                activity.getBoundaryEvents().forEach(next::add);
            }
            if (element instanceof SubProcess sub) {
                sub.getFlowElements().stream().filter(e -> e instanceof StartEvent || e instanceof EventSubProcess)
                        .forEach(next::add);
            }
        }
        if (!endReached) {
            add(found, ProcessFinding.error(process.getId(), "no-end", Message.of("process.review.no-end")));
        }
    }

    private static <T extends FlowElement> List<T> topLevel(FlowElementsContainer container, Class<T> type) {
        return container.getFlowElements().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static void add(Map<String, ProcessFinding> found, ProcessFinding finding) {
        found.putIfAbsent(finding.elementId() + "|" + finding.code(), finding);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String trim(String text) {
        return text == null ? null : text.replaceAll("\\s+", "");
    }
}
