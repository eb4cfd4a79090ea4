package io.voronka.kernel.field;

import io.voronka.kernel.error.ValidationProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The value of a multiple-choice field: option values, each once, in the order the definition
 * lists them. Stored as one text {@code |hot|vip|}: "has option x" is then {@code LIKE '%|x|%'} on
 * both databases, and a rule reads the same text ({@code contains(tags, '|vip|')}).
 */
public record OptionSet(List<String> values) {

    public static final String SEPARATOR = "|";
    /** The column's width; a definition whose options cannot all fit is refused. */
    public static final int COLUMN_LENGTH = 1000;

    public OptionSet {
        values = List.copyOf(values);
    }

    /** The column's text; null for no options chosen, so "empty" is one thing. */
    public String stored() {
        return values.isEmpty() ? null : SEPARATOR + String.join(SEPARATOR, values) + SEPARATOR;
    }

    public static OptionSet fromStored(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return new OptionSet(Arrays.stream(text.split("\\|")).filter(s -> !s.isEmpty()).toList());
    }

    @Override
    public String toString() {
        return String.join(", ", values);
    }

    /** Reads a JSON array of option values; unknown or repeated values are a problem naming {@code path}. */
    static OptionSet parse(FieldDefinition field, Object json, String path, List<ValidationProblem> problems) {
        if (json instanceof String text && text.length() <= COLUMN_LENGTH) {
            // "vip, partner", as history shows it: what a restore from history or an import hands in.
            json = text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
        }
        if (!(json instanceof List<?> list) || list.size() > field.options().size()) {
            problems.add(ValidationProblem.of(path, "type", "field.options"));
            return null;
        }
        List<String> chosen = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s) || !field.allows(s)) {
                problems.add(ValidationProblem.of(path, "enum", "field.options.each",
                        field.options().stream().map(FieldDefinition.Option::value).toList()));
                return null;
            }
            if (chosen.contains(s)) {
                problems.add(ValidationProblem.of(path, "unique", "field.options.twice", s));
                return null;
            }
            chosen.add(s);
        }
        // Definition order, so the same choice is always the same text in the column.
        List<String> ordered = field.options().stream().map(FieldDefinition.Option::value).filter(chosen::contains).toList();
        return ordered.isEmpty() ? null : new OptionSet(ordered);
    }
}
