package io.voronka.record;

import io.voronka.kernel.rule.RuleSchema;

/**
 * What a process's gateway condition may read around the fields of its trigger's entity. The
 * process capability owns those names and provides this, so the rule check as you type
 * ({@code POST /rules/validate} with {@code scope: process}) and the review on save read one
 * definition.
 */
@FunctionalInterface
public interface ProcessConditionSchema {

    RuleSchema around(RuleSchema entity);
}
