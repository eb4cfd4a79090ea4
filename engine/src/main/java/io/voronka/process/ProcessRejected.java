package io.voronka.process;

/** A BPMN file Voronka will not deploy, with the element at fault and why. */
public final class ProcessRejected extends RuntimeException {

    /** Why: {@code forbidden} (scripts, Java, listeners), {@code expression} (the rule checker), {@code unsupported}. */
    public static final String FORBIDDEN = "forbidden";
    public static final String EXPRESSION = "expression";
    public static final String UNSUPPORTED = "unsupported";

    private final String file;
    private final String element;
    private final String kind;

    public ProcessRejected(String file, String element, String message) {
        this(file, element, FORBIDDEN, message);
    }

    public ProcessRejected(String file, String element, String kind, String message) {
        super(message, null, false, false);
        this.file = file;
        this.element = element;
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    public String file() {
        return file;
    }

    public String element() {
        return element;
    }

    /** "lead-intake.bpmn20.xml: element 'sendWelcome': script tasks are not allowed". */
    public String describe() {
        return file + ": element '" + element + "': " + getMessage();
    }
}
