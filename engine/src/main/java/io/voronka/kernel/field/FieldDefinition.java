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
        Boolean indexed) {

    public FieldDefinition {
        options = options == null ? List.of() : List.copyOf(options);
        label = label == null ? name : label;
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
        return type == FieldType.ENUM || type == FieldType.USER || type == FieldType.DATE || type == FieldType.DECIMAL;
    }

    @JsonIgnore // not a property: as one, it would overwrite the rule's name with true/false when written
    public boolean isComputed() {
        return computed != null;
    }

    public boolean allows(String option) {
        return options.stream().anyMatch(o -> o.value().equals(option));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Option(String value, String label) {
        public Option {
            label = label == null ? value : label;
        }
    }
}
