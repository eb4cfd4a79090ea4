package io.voronka.process;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.rule.RuleSchema;
import io.voronka.kernel.rule.ValueType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.ConditionalEventDefinition;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.ErrorEventDefinition;
import org.flowable.bpmn.model.EscalationEventDefinition;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.EventGateway;
import org.flowable.bpmn.model.EventSubProcess;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowableListener;
import org.flowable.bpmn.model.IOParameter;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.InclusiveGateway;
import org.flowable.bpmn.model.IntermediateCatchEvent;
import org.flowable.bpmn.model.ManualTask;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.MultiInstanceLoopCharacteristics;
import org.flowable.bpmn.model.ParallelGateway;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ReceiveTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.SignalEventDefinition;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.SubProcess;
import org.flowable.bpmn.model.Task;
import org.flowable.bpmn.model.TerminateEventDefinition;
import org.flowable.bpmn.model.ThrowEvent;
import org.flowable.bpmn.model.TimerEventDefinition;
import org.flowable.bpmn.model.UserTask;
import org.flowable.bpmn.model.ValuedDataObject;

/**
 * Decides whether Voronka will run a BPMN file, before Flowable ever sees it. Only elements on an
 * allow-list are accepted; no script, no Java class, no JUEL: service tasks and listeners must
 * name one of Voronka's step beans, and every expression must be the rule language over the
 * process's own variables (checked here with their types, so a condition that is not true/false
 * or names an unknown variable is refused). A refusal names the file and the element.
 */
public final class ProcessPolicy {

    private static final Set<Class<?>> ALLOWED = Set.of(
            StartEvent.class, EndEvent.class, BoundaryEvent.class, IntermediateCatchEvent.class, ThrowEvent.class,
            SequenceFlow.class, ExclusiveGateway.class, ParallelGateway.class, InclusiveGateway.class,
            EventGateway.class, UserTask.class, ServiceTask.class, ManualTask.class, ReceiveTask.class, Task.class,
            SubProcess.class, EventSubProcess.class, CallActivity.class, ValuedDataObject.class);

    private static final Set<Class<?>> ALLOWED_EVENTS = Set.of(
            TimerEventDefinition.class, MessageEventDefinition.class, SignalEventDefinition.class,
            ErrorEventDefinition.class, TerminateEventDefinition.class, ConditionalEventDefinition.class,
            EscalationEventDefinition.class);

    private final RuleSandbox sandbox;
    private final Set<String> beans;
    private final Function<String, Optional<RuleSchema>> entities;
    private final Function<String, Optional<RuleSchema>> taskForms;

    /**
     * @param entities  the schema of an entity by name (for the record a trigger starts the process with)
     * @param taskForms the fields of a task form by its key
     */
    public ProcessPolicy(RuleSandbox sandbox, Set<String> beans, Function<String, Optional<RuleSchema>> entities,
                         Function<String, Optional<RuleSchema>> taskForms) {
        this.sandbox = sandbox;
        this.beans = beans;
        this.entities = entities;
        this.taskForms = taskForms;
    }

    /** Whether a task form with this key exists now (the designer warns of a user task naming none). */
    boolean knowsTaskForm(String formKey) {
        return taskForms.apply(formKey).isPresent();
    }

    /** Reads a BPMN file with external entities off, then checks it; throws {@link ProcessRejected}. */
    public BpmnModel check(String file, String xml) {
        BpmnModel model;
        try {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLStreamReader reader = factory.createXMLStreamReader(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "UTF-8");
            model = new BpmnXMLConverter().convertToBpmnModel(reader);
        } catch (Exception e) {
            throw new ProcessRejected(file, "definitions", Message.of("process.policy.unreadable"));
        }
        if (model.getProcesses().isEmpty()) {
            throw new ProcessRejected(file, "definitions", Message.of("process.policy.no-process"));
        }
        for (Process process : model.getProcesses()) {
            check(file, process, rejected -> {
                throw rejected;
            });
        }
        return model;
    }

    /**
     * Every refusal in a model read elsewhere (the designer's draft), at most one per element,
     * instead of stopping at the first.
     */
    public List<ProcessRejected> refusals(String file, BpmnModel model) {
        List<ProcessRejected> found = new java.util.ArrayList<>();
        for (Process process : model.getProcesses()) {
            check(file, process, found::add);
        }
        return found;
    }

    private void check(String file, Process process, java.util.function.Consumer<ProcessRejected> report) {
        if (!process.getEventListeners().isEmpty()) {
            report.accept(new ProcessRejected(file, process.getId(), Message.of("process.policy.event-listeners")));
        }
        Check check;
        try {
            check = new Check(file, variables(file, process));
        } catch (ProcessRejected rejected) {
            report.accept(rejected);
            return;
        }
        attempt(report, () -> check.listeners(process, process.getExecutionListeners()));
        for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
            attempt(report, () -> check.element(element));
        }
    }

    private static void attempt(java.util.function.Consumer<ProcessRejected> report, Runnable step) {
        try {
            step.run();
        } catch (ProcessRejected rejected) {
            report.accept(rejected);
        }
    }

    /** Everything a process's expressions may read, with the types the BPMN and its forms give. */
    private ProcessVariablesSchema variables(String file, Process process) {
        ProcessVariablesSchema schema = new ProcessVariablesSchema();
        for (var element : Bpmn.extensions(process, "trigger")) {
            Trigger trigger;
            try {
                trigger = Trigger.parse(process.getId(), element);
            } catch (Trigger.Invalid e) {
                throw new ProcessRejected(file, process.getId(), "trigger", e.text());
            }
            trigger.fields().forEach(name -> schema.add(name, ValueType.ANY, List.of()));
            if (trigger.entity() == null) {
                continue;
            }
            RuleSchema entity = entities.apply(trigger.entity()).orElseThrow(() -> new ProcessRejected(file, process.getId(), "trigger",
                    Message.of("process.policy.trigger.entity", trigger.entity())));
            if (trigger.field() != null && entity.field(trigger.field()).isEmpty()) {
                throw new ProcessRejected(file, process.getId(), "trigger",
                        Message.of("process.policy.trigger.field", trigger.field(), trigger.entity()));
            }
            schema.addAll(entity);
        }
        schema.addEveryProcess();
        declareElements(schema, process);
        return schema;
    }

    /**
     * What a gateway condition in a draft may read: the trigger entity's fields, the variables every
     * process has, and the names the draft's own processes declare (their triggers' payload fields,
     * each user task's form fields and completer, each step's result, call outputs, loop elements):
     * the check as you type sees what the review on save will, before the draft is saved.
     */
    public RuleSchema draftConditions(RuleSchema entity, BpmnModel draft) {
        ProcessVariablesSchema schema = ProcessVariablesSchema.around(entity);
        for (Process process : draft.getProcesses()) {
            for (var element : Bpmn.extensions(process, "trigger")) {
                try {
                    Trigger.parse(process.getId(), element).fields().forEach(name -> schema.add(name, ValueType.ANY, List.of()));
                } catch (IllegalArgumentException e) {
                    // A trigger the save review refuses declares nothing meanwhile.
                }
            }
            declareElements(schema, process);
        }
        return schema;
    }

    private void declareElements(ProcessVariablesSchema schema, Process process) {
        for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
            if (element instanceof UserTask task) {
                schema.add(task.getId() + "CompletedBy", ValueType.TEXT, List.of());
                if (task.getFormKey() != null) {
                    taskForms.apply(task.getFormKey()).ifPresent(schema::addAll);
                }
            } else if (element instanceof ServiceTask) {
                schema.add(element.getId() + "Result", ValueType.TEXT, List.of());
                schema.add(element.getId() + "RecordId", ValueType.TEXT, List.of());
            }
            if (element instanceof CallActivity call) {
                // What the called process hands back (flowable:out) is the caller's to read.
                call.getOutParameters().stream().map(IOParameter::getTarget).filter(t -> t != null && !t.isBlank())
                        .forEach(target -> schema.add(target, ValueType.ANY, List.of()));
            }
            if (element instanceof Activity activity && activity.getLoopCharacteristics() != null
                    && activity.getLoopCharacteristics().getElementVariable() != null) {
                schema.add(activity.getLoopCharacteristics().getElementVariable(), ValueType.ANY, List.of());
            }
        }
    }

    /** The checks of one process, with the file and variables at hand. */
    private final class Check {
        private final String file;
        private final RuleSchema variables;

        Check(String file, RuleSchema variables) {
            this.file = file;
            this.variables = variables;
        }

        void element(FlowElement element) {
            if (!ALLOWED.contains(element.getClass())) {
                boolean script = element.getClass().getSimpleName().equals("ScriptTask");
                throw refuse(element, script ? ProcessRejected.FORBIDDEN : ProcessRejected.UNSUPPORTED,
                        Message.of(script ? "process.policy.script" : "process.policy.element", kind(element)));
            }
            listeners(element, element.getExecutionListeners());
            Bpmn.extensions(element, "input").forEach(input ->
                    template(element, Message.of("process.what.input", input.getAttributeValue(null, "name")),
                            input.getElementText()));
            switch (element) {
                case SequenceFlow flow -> {
                    condition(flow, Message.of("process.what.condition"), flow.getConditionExpression());
                    template(flow, Message.of("process.what.skip"), flow.getSkipExpression());
                }
                case ServiceTask task -> serviceTask(task);
                case UserTask task -> userTask(task);
                case CallActivity call -> {
                    template(call, Message.of("process.what.called-element"), call.getCalledElement());
                    for (IOParameter parameter : call.getInParameters()) {
                        template(call, Message.of("process.what.in-parameter"), parameter.getSourceExpression());
                    }
                }
                case Event event -> event.getEventDefinitions().forEach(d -> eventDefinition(event, d));
                default -> {
                }
            }
            if (element instanceof Activity activity) {
                loop(activity, activity.getLoopCharacteristics());
            }
        }

        private void serviceTask(ServiceTask task) {
            if (task.getType() != null && !task.getType().isBlank()) {
                throw refuse(task, Message.of("process.policy.task-type", task.getType()));
            }
            if (!ImplementationType.IMPLEMENTATION_TYPE_DELEGATEEXPRESSION.equals(task.getImplementationType())) {
                throw refuse(task, Message.of("process.policy.service-task"));
            }
            bean(task, task.getImplementation());
            fields(task, task.getFieldExtensions());
            filter(task);
            if (task.getSkipExpression() != null) {
                template(task, Message.of("process.what.skip"), task.getSkipExpression());
            }
        }

        /**
         * A step's {@code <voronka:filter>} (which records it acts on) is a rule over its
         * {@code <voronka:entity>}, true or false; checked here so a typo fails the deployment.
         */
        private void filter(ServiceTask task) {
            String filter = Bpmn.text(task, "filter");
            if (filter == null) {
                return;
            }
            String entity = Bpmn.text(task, "entity");
            RuleSchema schema = entity == null ? null : entities.apply(entity).orElse(null);
            if (schema == null) {
                throw refuse(task, ProcessRejected.EXPRESSION, Message.of("process.policy.filter.entity"));
            }
            CheckedRule rule;
            try {
                rule = sandbox.expression(task.getId(), filter, schema);
            } catch (RuleRejected e) {
                throw refuse(task, ProcessRejected.EXPRESSION, Message.of("process.policy.filter.rule", clip(filter),
                        e.atPosition()));
            }
            if (!rule.resultType().fits(ValueType.BOOLEAN)) {
                throw refuse(task, ProcessRejected.EXPRESSION, Message.of("process.policy.filter.boolean",
                        rule.resultType().text()));
            }
        }

        private void userTask(UserTask task) {
            listeners(task, task.getTaskListeners());
            template(task, Message.of("process.what.assignee"), task.getAssignee());
            template(task, Message.of("process.what.owner"), task.getOwner());
            template(task, Message.of("process.what.due-date"), task.getDueDate());
            template(task, Message.of("process.what.priority"), task.getPriority());
            template(task, Message.of("process.what.category"), task.getCategory());
            template(task, Message.of("process.what.form-key"), task.getFormKey());
            task.getCandidateGroups().forEach(group -> template(task, Message.of("process.what.candidate-group"), group));
            task.getCandidateUsers().forEach(user -> template(task, Message.of("process.what.candidate-user"), user));
            // A task's label is evaluated as its name is (TaskLabels): a typo fails the deployment, not the inbox.
            Bpmn.labels(task).forEach((lang, label) -> template(task, Message.of("process.what.label", lang), label));
        }

        private void eventDefinition(Event event, EventDefinition definition) {
            if (!ALLOWED_EVENTS.contains(definition.getClass())) {
                throw refuse(event, ProcessRejected.UNSUPPORTED, Message.of("process.policy.event-definition",
                        definition.getClass().getSimpleName().replace("EventDefinition", "").toLowerCase()));
            }
            switch (definition) {
                case TimerEventDefinition timer -> {
                    template(event, Message.of("process.what.timer-date"), timer.getTimeDate());
                    template(event, Message.of("process.what.timer-duration"), timer.getTimeDuration());
                    template(event, Message.of("process.what.timer-cycle"), timer.getTimeCycle());
                    template(event, Message.of("process.what.timer-end"), timer.getEndDate());
                }
                case MessageEventDefinition message -> template(event, Message.of("process.what.message"), message.getMessageExpression());
                case SignalEventDefinition signal -> template(event, Message.of("process.what.signal"), signal.getSignalExpression());
                case ConditionalEventDefinition conditional ->
                        condition(event, Message.of("process.what.condition"), conditional.getConditionExpression());
                default -> {
                }
            }
        }

        private void loop(Activity activity, MultiInstanceLoopCharacteristics loop) {
            if (loop == null) {
                return;
            }
            if (loop.getHandler() != null) {
                throw refuse(activity, Message.of("process.policy.collection-handler"));
            }
            template(activity, Message.of("process.what.loop-cardinality"), loop.getLoopCardinality());
            template(activity, Message.of("process.what.loop-collection"), loop.getInputDataItem());
            condition(activity, Message.of("process.what.completion-condition"), loop.getCompletionCondition());
        }

        void listeners(BaseElement element, List<FlowableListener> listeners) {
            for (FlowableListener listener : listeners) {
                if (!ImplementationType.IMPLEMENTATION_TYPE_DELEGATEEXPRESSION.equals(listener.getImplementationType())) {
                    throw refuse(element, Message.of("process.policy.listener"));
                }
                bean(element, listener.getImplementation());
                fields(element, listener.getFieldExtensions());
            }
        }

        private void fields(BaseElement element, List<FieldExtension> fields) {
            for (FieldExtension field : fields) {
                template(element, Message.of("process.what.field", field.getFieldName()), field.getExpression());
            }
        }

        private void bean(BaseElement element, String expression) {
            String name = expression == null ? "" : expression.trim().replaceAll("^\\$\\{\\s*|\\s*}$", "");
            if (!beans.contains(name)) {
                throw refuse(element, Message.of("process.policy.bean", expression,
                        beans.stream().map(String::valueOf).sorted().toList()));
            }
        }

        private void condition(BaseElement element, Message what, String text) {
            if (text == null || text.isBlank()) {
                return;
            }
            ExpressionTemplate template = template(element, what, text);
            if (!template.isSingleRule()) {
                throw refuse(element, ProcessRejected.EXPRESSION, Message.of("process.policy.expression.single", what));
            }
            CheckedRule rule = template.rules().getFirst();
            if (!rule.resultType().fits(ValueType.BOOLEAN)) {
                throw refuse(element, ProcessRejected.EXPRESSION, Message.of("process.policy.expression.boolean", what,
                        rule.resultType().text()));
            }
        }

        private ExpressionTemplate template(BaseElement element, Message what, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return ExpressionTemplate.parse(element.getId(), text.trim(), sandbox, variables);
            } catch (RuleRejected e) {
                throw refuse(element, ProcessRejected.EXPRESSION, Message.of("process.policy.expression.rule", what,
                        clip(text.trim()), e.atPosition()));
            }
        }

        private ProcessRejected refuse(BaseElement element, Message message) {
            return refuse(element, ProcessRejected.FORBIDDEN, message);
        }

        private ProcessRejected refuse(BaseElement element, String kind, Message message) {
            return new ProcessRejected(file, element.getId() == null ? "(unnamed)" : element.getId(), kind, message);
        }
    }

    private static String kind(FlowElement element) {
        return element.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
