package io.voronka.kernel.rule;

/**
 * A rule that may not run: it reaches outside the sandbox or does not compile. Carries the position
 * of the offending part so the editor can point at it.
 */
public final class RuleRejected extends RuntimeException {

    private final String rule;
    private final int line;
    private final int column;

    public RuleRejected(String rule, int line, int column, String message) {
        super(message, null, false, false);
        this.rule = rule;
        this.line = line;
        this.column = column;
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
