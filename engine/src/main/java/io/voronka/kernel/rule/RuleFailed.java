package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;

/**
 * A rule that was accepted but could not finish for one record: over its budget, or given a value
 * it cannot work with. Never leaves the rule's caller in a half state; the caller decides whether
 * the field stays empty or the step fails.
 */
public final class RuleFailed extends RuntimeException {

    public enum Reason { BUDGET, VALUE }

    private final Reason reason;
    private final Message text;

    /** {@code text} says why, worded in the reader's language where it is answered. */
    public RuleFailed(Reason reason, Message text) {
        super(text.english(), null, false, false);
        this.reason = reason;
        this.text = text;
    }

    public Message text() {
        return text;
    }

    public Reason reason() {
        return reason;
    }
}
