package io.voronka.process;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowable.bpmn.model.ExtensionElement;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.common.engine.api.delegate.Expression;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.impl.util.CommandContextUtil;

/**
 * Evaluates a step's {@code <voronka:input name="to">${email}</voronka:input>} elements against
 * the execution: plain text stays text, expressions read process variables.
 */
public final class StepInputs {

    private StepInputs() {
    }

    public static Map<String, Object> evaluate(DelegateExecution execution) {
        FlowElement element = execution.getCurrentFlowElement();
        Map<String, Object> values = new LinkedHashMap<>();
        for (ExtensionElement input : Bpmn.extensions(element, "input")) {
            String name = input.getAttributeValue(null, "name");
            String text = input.getElementText() == null ? "" : input.getElementText().trim();
            if (name == null) {
                continue;
            }
            if (text.contains("${") || text.contains("#{")) {
                Expression expression = CommandContextUtil.getProcessEngineConfiguration().getExpressionManager()
                        .createExpression(text);
                values.put(name, expression.getValue(execution));
            } else {
                values.put(name, text);
            }
        }
        return values;
    }

    /** The inputs as field values for a record write, each converted as {@link ProcessVariables#variable} converts it. */
    static Map<String, Object> recordValues(DelegateExecution execution) {
        Map<String, Object> values = evaluate(execution);
        // Dates a rule computed (today(), addDays(...)) go in as record input does: ISO text.
        values.replaceAll((name, value) -> value instanceof java.time.temporal.TemporalAccessor time
                ? time.toString() : ProcessVariables.variable(value));
        return values;
    }

    /** The pass of a multi-instance loop this execution is in; 0 outside loops. */
    public static int loopCounter(DelegateExecution execution) {
        Object counter = execution.getVariableLocal("loopCounter");
        return counter instanceof Number n ? n.intValue() : 0;
    }
}
