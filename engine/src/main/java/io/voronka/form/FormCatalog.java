package io.voronka.form;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Task forms from {@code forms/tasks/*.json}, looked up by the form key a BPMN user task names. */
public final class FormCatalog {

    private final Map<String, FormDefinition> forms;
    private final FieldValues fieldValues;

    private FormCatalog(Map<String, FormDefinition> forms, FieldValues fieldValues) {
        this.forms = forms;
        this.fieldValues = fieldValues;
    }

    public static FormCatalog load(Map<String, String> formsFolder, FieldValues fieldValues) {
        ObjectMapper json = new ObjectMapper();
        Map<String, FormDefinition> forms = new LinkedHashMap<>();
        formsFolder.forEach((path, text) -> {
            if (path.startsWith("tasks/") && path.endsWith(".json")) {
                try {
                    FormDefinition form = json.readValue(text, FormDefinition.class);
                    forms.put(form.key(), form);
                } catch (IOException e) {
                    throw new IllegalStateException("forms/" + path + " is not a valid task form: " + e.getMessage(), e);
                }
            }
        });
        return new FormCatalog(Map.copyOf(forms), fieldValues);
    }

    public Optional<FormDefinition> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(forms.get(key));
    }

    /** Checks submitted values against a form; returns typed values or throws a 422 naming each field. */
    public Map<String, Object> validate(FormDefinition form, Map<String, Object> submitted) {
        List<ValidationProblem> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        submitted.forEach((name, json) -> {
            if (form.fields().stream().noneMatch(f -> f.name().equals(name))) {
                problems.add(new ValidationProblem("values." + name, "unknown", "is not a field of this form"));
            }
        });
        for (FieldDefinition field : form.fields()) {
            String path = "values." + field.name();
            Object value = fieldValues.coerce(field, submitted.get(field.name()), path, problems);
            if (value == null && submitted.get(field.name()) == null && field.required()) {
                problems.add(new ValidationProblem(path, "required", "is required"));
            }
            values.put(field.name(), value);
        }
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        return values;
    }
}
