package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;
import java.util.Locale;

/**
 * What a rule value can be. A rule computes only text, numbers, booleans, dates and date-times;
 * {@code RECORD} and {@code RECORDS} exist only on the way through a link, {@code ANY} only for
 * process variables whose type the process does not declare (checked when the value arrives).
 */
public enum ValueType {
    TEXT, NUMBER, BOOLEAN, DATE, DATETIME, NULL, ANY, RECORD, RECORDS;

    public boolean isScalar() {
        return this != RECORD && this != RECORDS;
    }

    /** True when a value of this type may stand where {@code wanted} is expected. */
    public boolean fits(ValueType wanted) {
        return this == wanted || this == NULL || this == ANY || wanted == ANY;
    }

    public String label() {
        return switch (this) {
            case NULL -> "null";
            case ANY -> "a value";
            case RECORD -> "a linked record";
            case RECORDS -> "a list of linked records";
            case DATETIME -> "a date-time";
            default -> "a " + name().toLowerCase(Locale.ROOT);
        };
    }

    /** The label as words for the reader's language: "a number", "число". */
    public Message text() {
        return Message.of("rule.type." + name().toLowerCase(Locale.ROOT));
    }

    /** The type both sides share when they are joined by a conditional or a comparison. */
    static ValueType join(ValueType a, ValueType b) {
        if (a == b || b == NULL) {
            return a;
        }
        if (a == NULL) {
            return b;
        }
        if (a == ANY || b == ANY) {
            return ANY;
        }
        return null;
    }
}
