package io.voronka.process;

import java.util.regex.Pattern;

/**
 * What a client may read of why a step failed. Flowable keeps the exception message of a failed job;
 * its first line is often plain ("email.send failed: Connection refused") but may carry class names
 * or internals. Those are cut away or replaced by a plain sentence; the operator finds the full
 * exception in Flowable's job tables by the incident id the client sees beside it.
 */
final class StepFailureText {

    static final String GENERIC = "the step failed";
    private static final int MAX_LENGTH = 200;
    // "io.netty.channel.ConnectException: " and the like, in front of the readable part
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[A-Za-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)?:\\s*");
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|Error:|\\b(?:java|javax|jdk|sun|org|com|io|net)\\.[a-z]|\\b[a-z][\\w]*\\.[A-Z][\\w$]*|\\bat [\\w.$]+\\(|[\\u0000-\\u001f]");

    private StepFailureText() {
    }

    static String forClient(String raw) {
        if (raw == null || raw.isBlank()) {
            return GENERIC;
        }
        String text = raw.lines().findFirst().orElse("").strip();
        String before;
        do {
            before = text;
            text = CLASS_PREFIX.matcher(text).replaceFirst("");
        } while (!text.equals(before));
        if (text.isEmpty() || text.length() > MAX_LENGTH || INTERNALS.matcher(text).find()) {
            return GENERIC;
        }
        return text;
    }
}
