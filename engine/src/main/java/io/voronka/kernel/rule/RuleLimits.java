package io.voronka.kernel.rule;

import java.time.Duration;

/**
 * How large a rule may be and how much it may spend. Size limits bound what the checker reads;
 * the budget bounds what one evaluation may take, whatever the rule says.
 */
public record RuleLimits(int maxSourceLength, int maxTokens, int maxDepth, int maxTextLength,
                         int maxNumberDigits, Duration deadline, int maxSteps) {

    public static final RuleLimits DEFAULT = new RuleLimits(10_000, 2_000, 32, 10_000, 38,
            Duration.ofMillis(5), 100_000);

    public RuleLimits withDeadline(Duration value) {
        return new RuleLimits(maxSourceLength, maxTokens, maxDepth, maxTextLength, maxNumberDigits, value, maxSteps);
    }
}
