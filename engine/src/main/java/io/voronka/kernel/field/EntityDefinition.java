package io.voronka.kernel.field;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/** A user-defined entity type: contact, deal, order... Each becomes one table with typed columns. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EntityDefinition(String name, String label, String labelPlural, List<String> titleFields,
                               List<FieldDefinition> fields) {

    public EntityDefinition {
        fields = List.copyOf(fields);
        titleFields = titleFields == null ? List.of() : List.copyOf(titleFields);
        labelPlural = labelPlural == null ? label : labelPlural;
    }

    public Optional<FieldDefinition> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    public String tableName() {
        return "rec_" + name;
    }
}
