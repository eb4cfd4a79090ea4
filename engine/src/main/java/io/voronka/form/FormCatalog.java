package io.voronka.form;

import io.voronka.record.RecordValidation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The task forms a BPMN user task names by its form key, as they are now: a form changed through
 * the API is what the next lookup finds, on every node. A task created before its form changed is
 * shown and completed against the current form.
 */
public final class FormCatalog {

    private final Supplier<Map<String, FormDefinition>> forms;
    private final RecordValidation validation;

    /** {@code validation}: task form fields follow the same rules as record fields. */
    public FormCatalog(Supplier<Map<String, FormDefinition>> forms, RecordValidation validation) {
        this.forms = forms;
        this.validation = validation;
    }

    /** A fixed catalog of the task forms among files of {@code forms/} (tests of process documents). */
    public static FormCatalog load(Map<String, String> formsFolder, RecordValidation validation) {
        Map<String, FormDefinition> forms = new LinkedHashMap<>();
        formsFolder.forEach((path, text) -> {
            if (path.startsWith("tasks/") && path.endsWith(".json")) {
                FormDefinition form = FormDefinition.parse(text, null);
                forms.put(form.key(), form);
            }
        });
        Map<String, FormDefinition> fixed = Map.copyOf(forms);
        return new FormCatalog(() -> fixed, validation);
    }

    public Optional<FormDefinition> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(forms.get().get(key));
    }

    /** Checks submitted values against a form; returns typed values or throws a 422 naming each field. */
    public Map<String, Object> validate(FormDefinition form, Map<String, Object> submitted) {
        return validation.checkForm(form.fields(), submitted).valuesOrThrow();
    }
}
