package io.voronka.kernel.rule;

/**
 * A rule that was accepted but could not finish for one record: over its budget, or given a value
 * it cannot work with. Never leaves the rule's caller in a half state; the caller decides whether
 * the field stays empty or the step fails.
 */
public final class RuleFailed extends RuntimeException {

    public enum Reason { BUDGET, VALUE }

    private final Reason reason;

    public RuleFailed(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
