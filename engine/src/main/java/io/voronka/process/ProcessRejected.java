package io.voronka.process;

/** A BPMN file Voronka will not deploy, with the element at fault and why. */
public final class ProcessRejected extends RuntimeException {

    private final String file;
    private final String element;

    public ProcessRejected(String file, String element, String message) {
        super(message, null, false, false);
        this.file = file;
        this.element = element;
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
