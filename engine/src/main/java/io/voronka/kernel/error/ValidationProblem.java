package io.voronka.kernel.error;

import java.util.Locale;

/**
 * One thing wrong with a client's input: which field, which rule it broke, and words for a person.
 * The field is a path into the request body ({@code values.email}); the words are a {@link Message},
 * worded in the reader's language where the problem is answered.
 */
public record ValidationProblem(String field, String rule, Message text) {

    /** Words that are not translated (an admin's own message, text from outside the engine). */
    public ValidationProblem(String field, String rule, String message) {
        this(field, rule, Message.literal(message));
    }

    /** The bundle's {@code key} with {@code args}. */
    public static ValidationProblem of(String field, String rule, String key, Object... args) {
        return new ValidationProblem(field, rule, Message.of(key, args));
    }

    /** The English words. */
    public String message() {
        return text.english();
    }

    public String message(Locale locale) {
        return text.in(locale);
    }
}
