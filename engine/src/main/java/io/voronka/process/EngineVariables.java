package io.voronka.process;

/**
 * Variables the engine keeps on executions for its own bookkeeping, e.g. how often a step was
 * visited. Their names carry a colon, which no rule, form field or trigger field can spell (those
 * are identifiers), so they never meet a user's variable and views can leave them out by name alone.
 */
public final class EngineVariables {

    private static final char MARK = ':';

    private EngineVariables() {
    }

    /** How many times the execution entered the activity; kept execution-local by the step. */
    public static String visits(String activityId) {
        return "visits" + MARK + activityId;
    }

    /**
     * A plugin step's answer handed to its resumption as a transient variable (never stored) by the
     * transaction that journaled it, so the step need not read back what was just written.
     */
    public static String answer(String activityId) {
        return "answer" + MARK + activityId;
    }

    /** Whether the engine owns the variable, so that it is no part of what a process shows. */
    public static boolean internal(String name) {
        return name.indexOf(MARK) >= 0;
    }
}
