package io.voronka.kernel.field;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One field of an entity or of a task form, as an admin defines it. {@code computed} names the rule
 * that fills it; {@code link} names the entity a link field points to.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldDefinition(
        String name,
        String label,
        FieldType type,
        boolean required,
        Integer maxLength,
        List<Option> options,
        String computed,
        String link,
        // Issue 8 (fields): a unique index, a regular expression, a range, a money field's default currency.
        Boolean unique,
        String pattern,
        Object min,
        Object max,
        String currency) {

    public FieldDefinition {
        options = options == null ? List.of() : List.copyOf(options);
        label = label == null ? name : label;
    }

    @JsonIgnore // not a property: as one, it would overwrite the rule's name with true/false when written
    public boolean isComputed() {
        return computed != null;
    }

    @JsonIgnore
    public boolean isUnique() {
        return Boolean.TRUE.equals(unique);
    }

    /** The same field with {@code currency} as its default, when it names none itself. */
    public FieldDefinition withDefaultCurrency(String fallback) {
        return currency != null || fallback == null ? this : new FieldDefinition(name, label, type, required, maxLength,
                options, computed, link, unique, pattern, min, max, fallback);
    }

    public boolean allows(String option) {
        return options.stream().anyMatch(o -> o.value().equals(option));
    }

    /** A choice; {@code color} ({@code #rrggbb}) and {@code order} are how consoles show it (by order, then position). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Option(String value, String label, String color, Integer order) {
        public Option {
            label = label == null ? value : label;
        }
    }
}
