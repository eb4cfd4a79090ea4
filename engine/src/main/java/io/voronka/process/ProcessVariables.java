package io.voronka.process;

import io.voronka.record.RecordData;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Record values as process variables. Every field is present (null when empty), so a gateway
 * condition on an empty field evaluates instead of failing on an unknown variable.
 */
public final class ProcessVariables {

    public static final String RECORD_ID = "recordId";
    public static final String ENTITY = "entity";
    /** Task-local: the completed task's form values as a JSON object of texts (the timeline's outcome and comment). */
    public static final String TASK_FORM = "taskForm";

    private ProcessVariables() {
    }

    public static Map<String, Object> of(RecordData record) {
        Map<String, Object> variables = new HashMap<>();
        record.values().forEach((name, value) -> variables.put(name, variable(value)));
        variables.put(RECORD_ID, record.id());
        variables.put(ENTITY, record.entity());
        return variables;
    }

    /** Decimals travel as doubles: Flowable would otherwise store BigDecimal as a serialized blob. */
    public static Object variable(Object value) {
        return switch (value) {
            case BigDecimal d -> d.doubleValue();
            // Money as its amount, a multiple choice as its stored text: what a rule over the record reads too.
            case io.voronka.kernel.field.Money m -> m.amount().doubleValue();
            case io.voronka.kernel.field.OptionSet o -> o.stored();
            case null, default -> value;
        };
    }
}
