package io.voronka.process;

import io.voronka.kernel.rule.ValueType;
import io.voronka.record.RecordData;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
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
    /** Task-local: the task's labels whose text is an expression, evaluated when it was created (JSON object by language). */
    public static final String TASK_LABELS = "taskLabels";
    /** Transient, while a pipeline board's move runs on: the key of the stage the record was moved to. */
    public static final String MOVED_TO = "movedTo";
    /** Transient, with a move to a loss stage: the standard loss reason and the comment ("other" needs one). */
    public static final String LOSS_REASON = "lossReason";
    public static final String LOSS_COMMENT = "lossComment";

    /**
     * The variables every process has, whatever its BPMN: the record's id and entity, a board
     * move's stage and loss reason, and Flowable's multi-instance counters. The one list of them
     * that both the review on save and the designer's check as you type read.
     */
    static final Map<String, ValueType> EVERY_PROCESS = everyProcess();

    private ProcessVariables() {
    }

    private static Map<String, ValueType> everyProcess() {
        Map<String, ValueType> names = new java.util.LinkedHashMap<>();
        for (String text : List.of(RECORD_ID, ENTITY, MOVED_TO, LOSS_REASON, LOSS_COMMENT)) {
            names.put(text, ValueType.TEXT);
        }
        for (String counter : List.of("loopCounter", "nrOfInstances", "nrOfActiveInstances", "nrOfCompletedInstances")) {
            names.put(counter, ValueType.NUMBER);
        }
        return java.util.Collections.unmodifiableMap(names);
    }

    public static Map<String, Object> of(RecordData record) {
        Map<String, Object> variables = new HashMap<>();
        record.values().forEach((name, value) -> variables.put(name, variable(value)));
        variables.put(RECORD_ID, record.id());
        variables.put(ENTITY, record.entity());
        return variables;
    }

    /** The move variables, present and empty: a gateway reading them after a plain completion evaluates. */
    public static Map<String, Object> noMove() {
        Map<String, Object> empty = new HashMap<>();
        empty.put(MOVED_TO, null);
        empty.put(LOSS_REASON, null);
        empty.put(LOSS_COMMENT, null);
        return empty;
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
