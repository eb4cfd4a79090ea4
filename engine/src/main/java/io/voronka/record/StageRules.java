package io.voronka.record;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.StageRule;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleFailed;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.rule.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An entity's stage rules ({@code "rules": [{"when", "require", "field", "message"}]}), checked by
 * the rule checker when the definition is saved (a rule that does not check is refused with its
 * position) and run on every write over the record as it would be stored: when {@code when} holds
 * and {@code require} does not, the write is refused naming {@code field} with the admin's message.
 */
final class StageRules {

    private record Compiled(StageRule rule, CheckedRule when, CheckedRule require) {
    }

    private static final int MESSAGE_LENGTH = 500;

    private final List<Compiled> rules;

    private StageRules(List<Compiled> rules) {
        this.rules = rules;
    }

    static final StageRules NONE = new StageRules(List.of());

    /** Checks and compiles {@code entity}'s rules; throws {@link DefinitionRejected} naming {@code rules[i]...}. */
    static StageRules compile(EntityDefinition entity, EntityRuleSchema schema, RuleSandbox sandbox) {
        List<Compiled> compiled = new ArrayList<>();
        List<ValidationProblem> problems = new ArrayList<>();
        for (int i = 0; i < entity.rules().size(); i++) {
            StageRule rule = entity.rules().get(i);
            String path = "rules[" + i + "]";
            if (rule == null) {
                problems.add(ValidationProblem.of(path, "type", "stage.rule.shape"));
                continue;
            }
            if (rule.field() == null || entity.field(rule.field()).isEmpty()) {
                problems.add(ValidationProblem.of(path + ".field", "exists", "stage.rule.field", entity.name()));
            }
            if (rule.message() == null || rule.message().isBlank() || rule.message().length() > MESSAGE_LENGTH) {
                problems.add(ValidationProblem.of(path + ".message", "required",
                        "stage.rule.message", MESSAGE_LENGTH));
            }
            if (rule.require() == null || rule.require().isBlank()) {
                problems.add(ValidationProblem.of(path + ".require", "required", "stage.rule.require"));
                continue;
            }
            try {
                CheckedRule when = rule.when() == null ? null : condition(path + ".when", rule.when(), schema, sandbox);
                CheckedRule require = condition(path + ".require", rule.require(), schema, sandbox);
                compiled.add(new Compiled(rule, when, require));
            } catch (Refused refused) {
                problems.add(refused.problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionRejected(entity.name(), problems, null);
        }
        return compiled.isEmpty() ? NONE : new StageRules(List.copyOf(compiled));
    }

    private static CheckedRule condition(String path, String source, EntityRuleSchema schema, RuleSandbox sandbox) {
        try {
            CheckedRule rule = sandbox.expression(path, source, schema);
            if (!rule.resultType().fits(ValueType.BOOLEAN)) {
                throw new RuleRejected(path, 1, 1, Message.of("rule.condition", rule.resultType().text()));
            }
            return rule;
        } catch (RuleRejected e) {
            throw new Refused(new ValidationProblem(path, "sandbox", e.atPosition()));
        }
    }

    private static final class Refused extends RuntimeException {
        final ValidationProblem problem;

        Refused(ValidationProblem problem) {
            super(null, null, false, false);
            this.problem = problem;
        }
    }

    /** The refusals for a record about to be stored with {@code values} (every field). */
    List<ValidationProblem> problems(Map<String, Object> values) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (Compiled c : rules) {
            try {
                if ((c.when() == null || Boolean.TRUE.equals(c.when().evaluate(values)))
                        && !Boolean.TRUE.equals(c.require().evaluate(values))) {
                    problems.add(new ValidationProblem("values." + c.rule().field(), "rule", c.rule().message()));
                }
            } catch (RuleFailed e) {
                // A rule that cannot be decided does not let the record through unchecked.
                problems.add(ValidationProblem.of("values." + c.rule().field(), "rule",
                        "stage.rule.failed", c.rule().message(), e.text()));
            }
        }
        return problems;
    }
}
