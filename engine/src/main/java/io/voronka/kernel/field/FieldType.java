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
    FILE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FieldType fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
