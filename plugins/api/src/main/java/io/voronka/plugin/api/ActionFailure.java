package io.voronka.plugin.api;

/**
 * How an action says what went wrong. A business failure (card declined, address unknown) becomes a
 * BPMN error the process can route on; a transient one (timeout, 503) is retried by the engine.
 */
public final class ActionFailure extends RuntimeException {

    public enum Kind { BUSINESS, TRANSIENT }

    private final Kind kind;
    private final String code;

    private ActionFailure(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    /** A failure the process should handle; {@code code} is the BPMN error code. */
    public static ActionFailure business(String code, String message) {
        return new ActionFailure(Kind.BUSINESS, code, message, null);
    }

    /** A failure that may go away on retry. */
    public static ActionFailure transientFailure(String message, Throwable cause) {
        return new ActionFailure(Kind.TRANSIENT, "transient", message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
