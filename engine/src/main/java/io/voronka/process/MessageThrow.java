package io.voronka.process;

import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.Message;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.ThrowEvent;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.impl.bpmn.behavior.FlowNodeActivityBehavior;
import org.flowable.engine.impl.bpmn.parser.BpmnParse;
import org.flowable.engine.impl.bpmn.parser.handler.AbstractBpmnParseHandler;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.validation.ProcessValidator;
import org.flowable.validation.ProcessValidatorFactory;
import org.flowable.validation.ProcessValidatorImpl;
import org.flowable.validation.ValidationError;
import org.flowable.validation.validator.ProcessLevelValidator;
import org.flowable.validation.validator.Problems;
import org.flowable.validation.validator.impl.IntermediateThrowEventValidator;

/**
 * An intermediate message throw event: it delivers its message to every other process of the same
 * record that waits for it (a catch event, a boundary event, an event sub-process's message start,
 * in that process or one it called), in the thrower's transaction, then goes on. Nothing waiting is
 * not an error: the thrower goes on, as a sent letter nobody expects. Flowable gives such an event
 * no behaviour at all (it needs a delegate); Voronka's is this one. A message end event still sends
 * nothing (the review says so).
 */
final class MessageThrow extends FlowNodeActivityBehavior {

    private final String message;

    private MessageThrow(String message) {
        this.message = message;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String record = execution.getProcessInstanceBusinessKey();
        if (record != null) {
            new MessageDelivery(CommandContextUtil.getProcessEngineConfiguration().getRuntimeService())
                    .deliverToOthers(record, message, execution.getRootProcessInstanceId());
        }
        leave(execution);
    }

    /** Gives each intermediate throw event with a message definition its behaviour, after Flowable's own handler. */
    static final class Parsing extends AbstractBpmnParseHandler<ThrowEvent> {

        @Override
        protected Class<? extends BaseElement> getHandledType() {
            return ThrowEvent.class;
        }

        @Override
        protected void executeParse(BpmnParse parse, ThrowEvent event) {
            if (event.getEventDefinitions().isEmpty()
                    || !(event.getEventDefinitions().getFirst() instanceof MessageEventDefinition definition)) {
                return;
            }
            // Only the intermediate event: an end event (a ThrowEvent subclass) keeps Flowable's end behaviour.
            if (event.getClass() != ThrowEvent.class) {
                return;
            }
            Message named = definition.getMessageRef() == null ? null : parse.getBpmnModel().getMessage(definition.getMessageRef());
            String name = named != null && named.getName() != null && !named.getName().isBlank() ? named.getName()
                    : definition.getMessageRef();
            event.setBehavior(new MessageThrow(name));
        }
    }

    /**
     * Flowable's validator, with its check of intermediate throw events widened to accept a
     * message: the engine deploys with it and the review shows what it finds.
     */
    static ProcessValidator validator() {
        ProcessValidator validator = new ProcessValidatorFactory().createDefaultProcessValidator();
        if (validator instanceof ProcessValidatorImpl impl) {
            impl.getValidatorSets().forEach(set -> {
                if (set.getValidators().stream().anyMatch(IntermediateThrowEventValidator.class::isInstance)) {
                    set.removeValidator(IntermediateThrowEventValidator.class);
                    set.addValidator(new ThrowEvents());
                }
            });
        }
        return validator;
    }

    /** Flowable's IntermediateThrowEventValidator, plus the message definition this class runs. */
    private static final class ThrowEvents extends ProcessLevelValidator {
        @Override
        protected void executeValidation(org.flowable.bpmn.model.BpmnModel model, org.flowable.bpmn.model.Process process,
                                         java.util.List<ValidationError> errors) {
            for (ThrowEvent event : process.findFlowElementsOfType(ThrowEvent.class)) {
                if (event.getClass() != ThrowEvent.class || event.getEventDefinitions().isEmpty()) {
                    continue;
                }
                Object definition = event.getEventDefinitions().getFirst();
                if (!(definition instanceof org.flowable.bpmn.model.SignalEventDefinition
                        || definition instanceof org.flowable.bpmn.model.EscalationEventDefinition
                        || definition instanceof org.flowable.bpmn.model.CompensateEventDefinition
                        || definition instanceof MessageEventDefinition)) {
                    addError(errors, Problems.THROW_EVENT_INVALID_EVENTDEFINITION, process, event,
                            "Unsupported intermediate throw event type");
                }
            }
        }
    }
}
