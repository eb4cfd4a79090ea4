package io.voronka.kernel.field;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One field of an entity or of a task form, as an admin defines it. {@code computed} names the rule
 * that fills it; {@code link} names the entity a link field ({@code link} or {@code links}) points to,
 * {@code inverse} what the other entity calls the records linking to it; {@code rollup} says what a
 * rollup field aggregates.
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
        Boolean indexed,
        Inverse inverse,
        Rollup rollup,
        // Issue 8 (fields): a unique index, a regular expression, a range, a money field's default currency.
        Boolean unique,
        String pattern,
        Object min,
        Object max,
        String currency,
        // Labels in other languages, by language tag (see Labels).
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) {

    public FieldDefinition {
        options = options == null ? List.of() : List.copyOf(options);
        label = label == null ? name : label;
        labels = Labels.copy(labels);
    }

    public FieldDefinition(String name, String label, FieldType type, boolean required, Integer maxLength, List<Option> options,
                           String computed, String link, Boolean indexed, Inverse inverse, Rollup rollup, Boolean unique,
                           String pattern, Object min, Object max, String currency) {
        this(name, label, type, required, maxLength, options, computed, link, indexed, inverse, rollup, unique, pattern, min,
                max, currency, null);
    }

    /**
     * Whether lists may be sorted by this field, which gives it an index {@code (field, id)}. Unless
     * the definition says {@code "indexed"}, the fields people sort and group by are: choices, users,
     * dates and decimal amounts. Text is indexed only when asked (a wide index per text field costs
     * every write), links only when asked (their key index already serves "the deals of a contact").
     */
    @JsonIgnore
    public boolean sortable() {
        if (indexed != null) {
            return indexed;
        }
        // A rollup always has its (value, id) index: best customers by LTV is what it is for.
        return type == FieldType.ENUM || type == FieldType.USER || type == FieldType.DATE || type == FieldType.DECIMAL
                || type == FieldType.ROLLUP;
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
                options, computed, link, indexed, inverse, rollup, unique, pattern, min, max, fallback, labels);
    }

    public boolean allows(String option) {
        return options.stream().anyMatch(o -> o.value().equals(option));
    }

    /** Whether values of this field live in a column of the entity's table (a many-to-many link has a table of its own). */
    @JsonIgnore
    public boolean hasColumn() {
        return type != FieldType.LINKS;
    }

    /** The same field with its rollup's stored type worked out (see {@link Rollup#of}). */
    public FieldDefinition withRollup(Rollup resolved) {
        return new FieldDefinition(name, label, type, required, maxLength, options, computed, link, indexed, inverse, resolved,
                unique, pattern, min, max, currency, labels);
    }

    /** The name the linked entity shows the records linking through this field under: contact -> "deals". */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Inverse(String name, String label,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) {
        public Inverse {
            label = label == null ? name : label;
            labels = Labels.copy(labels);
        }

        public Inverse(String name, String label) {
            this(name, label, null);
        }
    }

    /**
     * An aggregate over the records linking here: {@code via} is {@code <entity>.<link field>} (a
     * link or links field pointing at this entity) or a links field of this entity (its linked
     * records), {@code op} one of count, sum, min, max, avg, last (the
     * value of the matching record created last), {@code field} the linked records' field it reads
     * (none for count) and {@code where} an optional rule expression over the linked record.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rollup(String via, String op, String field, String where, @JsonIgnore FieldType of) {

        /**
         * {@code of} is the type of what the rollup stores (number for count, the field's type for
         * sum, min, max and last, decimal for avg): the catalog works it out from the linked entity,
         * it is never read from a definition.
         */
        public Rollup withType(FieldType resolved) {
            return new Rollup(via, op, field, where, resolved);
        }

        public static final java.util.Set<String> OPS = java.util.Set.of("count", "sum", "min", "max", "avg", "last");
    }

    /** A choice; {@code color} ({@code #rrggbb}) and {@code order} are how consoles show it (by order, then position). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Option(String value, String label, String color, Integer order,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) {
        public Option {
            label = label == null ? value : label;
            labels = Labels.copy(labels);
        }

        public Option(String value, String label, String color, Integer order) {
            this(value, label, color, order, null);
        }
    }
}
