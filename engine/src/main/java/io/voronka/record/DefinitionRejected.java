package io.voronka.record;

import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.rule.RuleRejected;
import java.util.List;

/** Entity definitions that do not hold together, each problem naming the entity and the field path. */
final class DefinitionRejected extends RuntimeException {

    private final String entity;
    private final List<ValidationProblem> problems;
    private final RuleRejected rule;

    DefinitionRejected(String entity, List<ValidationProblem> problems, RuleRejected rule) {
        super("entity " + entity + ": " + problems.stream().map(p -> p.field() + " " + p.message()).toList(), null, false, false);
        this.entity = entity;
        this.problems = List.copyOf(problems);
        this.rule = rule;
    }

    String entity() {
        return entity;
    }

    List<ValidationProblem> problems() {
        return problems;
    }

    /** The rule the sandbox refused, when that was the problem. */
    RuleRejected rule() {
        return rule;
    }
}
