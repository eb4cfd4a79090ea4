package io.voronka.process;

import java.util.function.Consumer;
import java.util.function.Predicate;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Message;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.MultiInstanceLoopCharacteristics;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.Signal;
import org.flowable.bpmn.model.SignalEventDefinition;
import org.flowable.bpmn.model.ThrowEvent;
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
                    found.accept(ProcessFinding.error(event.getId(), "signal",
                            "the signal event names no signal (signalRef): pick or create one with a name"));
                } else if (named != null && blank(named.getName())) {
                    found.accept(ProcessFinding.error(event.getId(), "signal",
                            "the signal '" + ref + "' has no name: a signal is thrown and caught by its name"));
                }
            }
            case TimerEventDefinition timer -> {
                if (blank(timer.getTimeDate()) && blank(timer.getTimeDuration()) && blank(timer.getTimeCycle())) {
                    found.accept(ProcessFinding.error(event.getId(), "timer",
                            "the timer has no duration, date or cycle: it would never fire"));
                }
            }
            default -> {
            }
        }
    }

    private static void message(BpmnModel model, Event event, MessageEventDefinition message, Consumer<ProcessFinding> found) {
        String ref = message.getMessageRef();
        if (blank(ref) && blank(message.getMessageExpression())) {
            found.accept(ProcessFinding.error(event.getId(), "message",
                    "the message event names no message (messageRef): pick or create one with a name"));
            return;
        }
        Message named = blank(ref) ? null : model.getMessage(ref);
        if (named != null && blank(named.getName())) {
            found.accept(ProcessFinding.error(event.getId(), "message",
                    "the message '" + ref + "' has no name: a webhook delivers a message by its name"));
        }
        if (event instanceof ThrowEvent) {
            // Flowable's throw message event without a delegate does nothing; Voronka gives it none.
            found.accept(ProcessFinding.warning(event.getId(), "message-throw",
                    "a message throw event sends nothing in Voronka; to reach another process use a signal or a call activity"));
        }
    }

    private void call(BpmnModel model, CallActivity call, boolean deploying, Consumer<ProcessFinding> found) {
        String key = call.getCalledElement() == null ? "" : call.getCalledElement().trim();
        if (key.isEmpty()) {
            found.accept(ProcessFinding.error(call.getId(), "call-activity",
                    "the call activity names no process to call (calledElement)"));
            return;
        }
        boolean computed = key.contains("${");
        boolean inModel = model.getProcesses().stream().anyMatch(p -> key.equals(p.getId()));
        if (!computed && !inModel && !deployed.test(key)) {
            String message = "no deployed process has the key '" + key + "': deploy it before this one";
            found.accept(deploying ? ProcessFinding.error(call.getId(), "unknown-process", message)
                    : ProcessFinding.warning(call.getId(), "unknown-process", message));
        }
        if (call.getInParameters().isEmpty() && !call.isInheritVariables()) {
            found.accept(ProcessFinding.warning(call.getId(), "call-variables",
                    "the called process gets no variables: pass them with flowable:in or set flowable:inheritVariables=\"true\""));
        }
        if (!call.isInheritBusinessKey() && blank(call.getBusinessKey())) {
            found.accept(ProcessFinding.warning(call.getId(), "call-business-key",
                    "the called process does not get the record id as its business key: webhooks and the board will not find it"
                            + " (set flowable:inheritBusinessKey=\"true\")"));
        }
    }

    private static void loop(Activity activity, MultiInstanceLoopCharacteristics loop, Consumer<ProcessFinding> found) {
        boolean collection = !blank(loop.getInputDataItem()) || !blank(loop.getCollectionString());
        if (!collection && blank(loop.getLoopCardinality())) {
            found.accept(ProcessFinding.error(activity.getId(), "loop",
                    "the multi-instance names neither a collection (flowable:collection) nor a number of instances (loopCardinality)"));
        } else if (!collection && !blank(loop.getElementVariable())) {
            found.accept(ProcessFinding.warning(activity.getId(), "loop",
                    "the element variable '" + loop.getElementVariable() + "' stays empty: there is no collection to take it from"));
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
