package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.rule.RuleTree.Program;

/**
 * The one door through which user-written logic enters: source text in, a {@link CheckedRule}
 * out, or a {@link RuleRejected} naming line, column and reason. Rules are read by our own grammar
 * and run by our own interpreter; MVEL's parser never sees them, so there is no second reader to
 * disagree with the first.
 */
public final class RuleSandbox {

    private final RuleLimits limits;

    public RuleSandbox() {
        this(RuleLimits.DEFAULT);
    }

    public RuleSandbox(RuleLimits limits) {
        this.limits = limits;
    }

    /** Checks a rule (statements or one expression) against the schema of the record it runs on. */
    public CheckedRule compile(String ruleName, String source, RuleSchema schema) {
        Program program = RuleParser.parse(ruleName, source, limits);
        return RuleChecker.check(ruleName, source, program, schema);
    }

    /** Checks a single expression: a filter, a gateway condition, a step input. */
    public CheckedRule expression(String ruleName, String source, RuleSchema schema) {
        CheckedRule rule = compile(ruleName, source, schema);
        if (rule.program().singleExpression() == null) {
            throw new RuleRejected(ruleName, 1, 1, Message.of("rule.expression-only"));
        }
        return rule;
    }

    public RuleLimits limits() {
        return limits;
    }
}
