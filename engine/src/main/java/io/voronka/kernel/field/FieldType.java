package io.voronka.kernel.field;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of value a field can hold; each maps to one column type and one JSON shape. */
public enum FieldType {
    TEXT, EMAIL, PHONE, NUMBER, DECIMAL, BOOLEAN, DATE, ENUM, LINK, USER,
    /** Many-to-many: an array of ids, kept in a link table of the field's own. */
    LINKS,
    /** An aggregate over linked records, kept current by the system; read-only. */
    ROLLUP,
    /** The id of an uploaded file. */
    FILE,
    // Issue 8: long text, money (amount + currency), percent, date-time (UTC), several options, web address, address.
    LONGTEXT, MONEY, PERCENT, DATETIME, MULTIENUM, URL, ADDRESS;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code integer} names the whole-number type too; it is stored and answered as {@code number}. */
    @JsonCreator
    public static FieldType fromJson(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        return upper.equals("INTEGER") ? NUMBER : valueOf(upper);
    }

    /** Types whose value is text a pattern and a maximum length may apply to. */
    public boolean isText() {
        return switch (this) {
            case TEXT, LONGTEXT, EMAIL, PHONE, URL, ADDRESS -> true;
            default -> false;
        };
    }

    /** Types a minimum and a maximum apply to: numbers (money by its amount) and times. */
    public boolean isOrdered() {
        return switch (this) {
            case NUMBER, DECIMAL, MONEY, PERCENT, DATE, DATETIME -> true;
            default -> false;
        };
    }
}
