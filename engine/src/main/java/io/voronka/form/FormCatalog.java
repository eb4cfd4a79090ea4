package io.voronka.form;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.voronka.record.RecordValidation;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Task forms from {@code forms/tasks/*.json}, looked up by the form key a BPMN user task names. */
public final class FormCatalog {

    private final Map<String, FormDefinition> forms;
    private final RecordValidation validation;

    private FormCatalog(Map<String, FormDefinition> forms, RecordValidation validation) {
        this.forms = forms;
        this.validation = validation;
    }

    /** {@code validation}: task form fields follow the same rules as record fields. */
    public static FormCatalog load(Map<String, String> formsFolder, RecordValidation validation) {
        ObjectMapper json = new ObjectMapper();
        Map<String, FormDefinition> forms = new LinkedHashMap<>();
        formsFolder.forEach((path, text) -> {
            if (path.startsWith("tasks/") && path.endsWith(".json")) {
                try {
                    FormDefinition form = json.readValue(text, FormDefinition.class);
                    form.labelProblems().stream().findFirst().ifPresent(problem -> {
                        throw new IllegalStateException("forms/" + path + ": " + problem.field() + " " + problem.message());
                    });
                    forms.put(form.key(), form);
                } catch (IOException e) {
                    throw new IllegalStateException("forms/" + path + " is not a valid task form: " + e.getMessage(), e);
                }
            }
        });
        return new FormCatalog(Map.copyOf(forms), validation);
    }

    public Optional<FormDefinition> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(forms.get(key));
    }

    /** Checks submitted values against a form; returns typed values or throws a 422 naming each field. */
    public Map<String, Object> validate(FormDefinition form, Map<String, Object> submitted) {
        return validation.checkForm(form.fields(), submitted).valuesOrThrow();
    }
}
