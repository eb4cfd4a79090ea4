package io.voronka.process;

import io.voronka.kernel.error.Message;

/** A BPMN file Voronka will not deploy, with the element at fault and why. */
public final class ProcessRejected extends RuntimeException {

    /** Why: {@code forbidden} (scripts, Java, listeners), {@code expression} (the rule checker), {@code unsupported}. */
    public static final String FORBIDDEN = "forbidden";
    public static final String EXPRESSION = "expression";
    public static final String UNSUPPORTED = "unsupported";

    private final String file;
    private final String element;
    private final String kind;
    private final Message text;

    public ProcessRejected(String file, String element, Message text) {
        this(file, element, FORBIDDEN, text);
    }

    /** {@code text} says why, worded in the reader's language where the designer or a problem shows it. */
    public ProcessRejected(String file, String element, String kind, Message text) {
        super(text.english(), null, false, false);
        this.file = file;
        this.element = element;
        this.kind = kind;
        this.text = text;
    }

    public Message text() {
        return text;
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
