package io.voronka.record;

import io.voronka.kernel.rule.RuleSchema;

/**
 * What a process's gateway condition may read around the fields of its trigger's entity. The
 * process capability owns those names and provides this, so the rule check as you type
 * ({@code POST /rules/validate} with {@code scope: process}) and the review on save read one
 * definition.
 */
public interface ProcessConditionSchema {

    /** The variables every process triggered on the entity has. */
    RuleSchema around(RuleSchema entity);

    /**
     * Those, and the names the draft model (BPMN XML, as the designer holds it) declares itself:
     * its tasks' form fields and completers, its steps' results. Throws a 422 naming {@code model}
     * when the draft is no BPMN Voronka can read.
     */
    RuleSchema around(RuleSchema entity, String model);
}
