package io.voronka.form;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task form: the fields a person fills in to complete a step. Same field shape as entities, and
 * like them its label may come in other languages ({@code labels}, see {@link Labels}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FormDefinition(String key, String label, List<FieldDefinition> fields,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) {

    public FormDefinition {
        fields = fields == null ? List.of() : List.copyOf(fields);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Problems with the labels in other languages, named by their path in the form ({@code fields[0].labels.xx}). */
    List<ValidationProblem> labelProblems() {
        List<ValidationProblem> problems = new ArrayList<>();
        Labels.check(labels, "labels", problems);
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition field = fields.get(i);
            Labels.check(field.labels(), "fields[" + i + "].labels", problems);
            for (int j = 0; j < field.options().size(); j++) {
                Labels.check(field.options().get(j).labels(), "fields[" + i + "].options[" + j + "].labels", problems);
            }
        }
        return problems;
    }
}
