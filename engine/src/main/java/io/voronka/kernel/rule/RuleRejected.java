package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;

/**
 * A rule that may not run: it reaches outside the sandbox or does not compile. Carries the position
 * of the offending part so the editor can point at it.
 */
public final class RuleRejected extends RuntimeException {

    private final String rule;
    private final int line;
    private final int column;
    private final Message text;

    public RuleRejected(String rule, int line, int column, String message) {
        this(rule, line, column, Message.literal(message));
    }

    /** The reason worded by the message bundle, so the editor shows it in the reader's language. */
    public RuleRejected(String rule, int line, int column, Message text) {
        super(text.english(), null, false, false);
        this.rule = rule;
        this.line = line;
        this.column = column;
        this.text = text;
    }

    /** The reason, to be worded in the reader's language. */
    public Message text() {
        return text;
    }

    /** "line 3, column 12: ..." as the editors show it under the rule. */
    public Message atPosition() {
        return Message.of("rule.at", line, column, text);
    }

    public String rule() {
        return rule;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** "lead-score.mvel:3:12: access to Runtime is not allowed". */
    public String describe() {
        return rule + ":" + line + ":" + column + ": " + getMessage();
    }
}
