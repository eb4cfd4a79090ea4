package io.voronka.process;

import io.voronka.kernel.error.Message;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.MultiInstanceLoopCharacteristics;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.Signal;
import org.flowable.bpmn.model.SignalEventDefinition;
import org.flowable.bpmn.model.TimerEventDefinition;

/**
 * The designer's findings on the elements that wait, loop or call (messages, signals, timers, call
 * activities, multi-instance): what Flowable would deploy but Voronka could not run as meant,
 * because nothing could deliver the message, the called process is not there, or a loop has
 * nothing to loop over. The rule-language checks of their expressions are the policy's.
 */
final class ElementReview {

    private final Predicate<String> deployed;

    /** @param deployed whether a process key has a deployed definition (what a call activity may call) */
    ElementReview(Predicate<String> deployed) {
        this.deployed = deployed;
    }

    void review(BpmnModel model, Process process, boolean deploying, Consumer<ProcessFinding> found) {
        for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
            if (element instanceof Event event) {
                event.getEventDefinitions().forEach(definition -> definition(model, event, definition, found));
            }
            if (element instanceof CallActivity call) {
                call(model, call, deploying, found);
            }
            if (element instanceof Activity activity && activity.getLoopCharacteristics() != null) {
                loop(activity, activity.getLoopCharacteristics(), found);
            }
        }
    }

    private static void definition(BpmnModel model, Event event, EventDefinition definition, Consumer<ProcessFinding> found) {
        switch (definition) {
            case MessageEventDefinition message -> message(model, event, message, found);
            case SignalEventDefinition signal -> {
                String ref = signal.getSignalRef();
                Signal named = blank(ref) ? null : model.getSignal(ref);
                if (blank(ref) && blank(signal.getSignalExpression())) {
                    found.accept(ProcessFinding.error(event.getId(), "signal", Message.of("process.review.signal.none")));
                } else if (named != null && blank(named.getName())) {
                    found.accept(ProcessFinding.error(event.getId(), "signal", Message.of("process.review.signal.unnamed", ref)));
                }
            }
            case TimerEventDefinition timer -> {
                if (blank(timer.getTimeDate()) && blank(timer.getTimeDuration()) && blank(timer.getTimeCycle())) {
                    found.accept(ProcessFinding.error(event.getId(), "timer", Message.of("process.review.timer")));
                }
            }
            default -> {
            }
        }
    }

    private static void message(BpmnModel model, Event event, MessageEventDefinition message, Consumer<ProcessFinding> found) {
        String ref = message.getMessageRef();
        if (blank(ref) && blank(message.getMessageExpression())) {
            found.accept(ProcessFinding.error(event.getId(), "message", Message.of("process.review.message.none")));
            return;
        }
        org.flowable.bpmn.model.Message named = blank(ref) ? null : model.getMessage(ref);
        if (named != null && blank(named.getName())) {
            found.accept(ProcessFinding.error(event.getId(), "message", Message.of("process.review.message.unnamed", ref)));
        }
        if (event instanceof org.flowable.bpmn.model.EndEvent) {
            // An intermediate throw delivers (MessageThrow); a message end event has no behaviour that sends.
            found.accept(ProcessFinding.warning(event.getId(), "message-throw", Message.of("process.review.message.throw")));
        }
    }

    private void call(BpmnModel model, CallActivity call, boolean deploying, Consumer<ProcessFinding> found) {
        String key = call.getCalledElement() == null ? "" : call.getCalledElement().trim();
        if (key.isEmpty()) {
            found.accept(ProcessFinding.error(call.getId(), "call-activity", Message.of("process.review.call.none")));
            return;
        }
        boolean computed = key.contains("${");
        boolean inModel = model.getProcesses().stream().anyMatch(p -> key.equals(p.getId()));
        if (!computed && !inModel && !deployed.test(key)) {
            Message message = Message.of("process.review.call.unknown", key);
            found.accept(deploying ? ProcessFinding.error(call.getId(), "unknown-process", message)
                    : ProcessFinding.warning(call.getId(), "unknown-process", message));
        }
        if (call.getInParameters().isEmpty() && !call.isInheritVariables()) {
            found.accept(ProcessFinding.warning(call.getId(), "call-variables", Message.of("process.review.call.variables")));
        }
        if (!call.isInheritBusinessKey() && blank(call.getBusinessKey())) {
            found.accept(ProcessFinding.warning(call.getId(), "call-business-key", Message.of("process.review.call.business-key")));
        }
    }

    private static void loop(Activity activity, MultiInstanceLoopCharacteristics loop, Consumer<ProcessFinding> found) {
        boolean collection = !blank(loop.getInputDataItem()) || !blank(loop.getCollectionString());
        if (!collection && blank(loop.getLoopCardinality())) {
            found.accept(ProcessFinding.error(activity.getId(), "loop", Message.of("process.review.loop.none")));
        } else if (!collection && !blank(loop.getElementVariable())) {
            found.accept(ProcessFinding.warning(activity.getId(), "loop",
                    Message.of("process.review.loop.element", loop.getElementVariable())));
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
