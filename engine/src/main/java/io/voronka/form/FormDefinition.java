package io.voronka.form;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.voronka.kernel.field.FieldDefinition;
import java.util.List;

/** A task form: the fields a person fills in to complete a step. Same field shape as entities. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FormDefinition(String key, String label, List<FieldDefinition> fields) {

    public FormDefinition {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
