package io.voronka.form;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.Labels;
import io.voronka.record.FormFields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A task form: the fields a person fills in to complete a step. Same field shape as entities, and
 * like them its label may come in other languages ({@code labels}, see {@link Labels}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FormDefinition(String key, String label, List<FieldDefinition> fields,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) {

    /** What {@code flowable:formKey} may name: lower case, digits, dashes and underscores (call-lead, close_lost). */
    static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_-]{0,59}$");
    private static final int LABEL_MAX = 200;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public FormDefinition {
        fields = fields == null ? List.of() : List.copyOf(fields);
        // Sorted, so the stored form and its checksum do not depend on the order the labels came in.
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /**
     * Reads a form document (a file's content, or a PUT's body with the server's stamps ignored).
     * {@code key}, when given, is the key the path names: the document's own key must match or be
     * absent. Anything wrong answers 400 (not JSON) or 422 naming the path of each problem.
     */
    static FormDefinition parse(String text, String key) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw DomainError.malformed("body", "json", "is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw DomainError.invalid("body", "type", "must be a task form: {\"key\", \"label\", \"fields\"}");
        }
        JsonNode own = tree.get("key");
        if (own != null && !own.isNull() && !own.isTextual()) {
            throw DomainError.invalid("key", "type", "must be text");
        }
        String formKey = own == null || own.isNull() ? key : own.textValue();
        if (key != null && !key.equals(formKey)) {
            throw DomainError.invalid("key", "match", "must be the form named in the path, " + key);
        }
        JsonNode label = tree.get("label");
        if (label != null && !label.isNull() && !label.isTextual()) {
            throw DomainError.invalid("label", "type", "must be text");
        }
        JsonNode fields = tree.get("fields");
        if (fields == null || !fields.isArray()) {
            throw DomainError.invalid("fields", fields == null ? "required" : "type", "must be a list of fields");
        }
        FormDefinition form = new FormDefinition(formKey, label == null || label.isNull() ? null : label.textValue(),
                FormFields.parse(fields), labels(tree.get("labels")));
        List<ValidationProblem> problems = form.problems();
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        return form;
    }

    private static Map<String, String> labels(JsonNode labels) {
        if (labels == null || labels.isNull()) {
            return Map.of();
        }
        String shape = "must be an object of language tag to label, such as {\"ru\": \"Позвонить\", \"en\": \"Call\"}";
        if (!labels.isObject()) {
            throw DomainError.invalid("labels", "type", shape);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (var entry : labels.properties()) {
            if (!entry.getValue().isTextual()) {
                throw DomainError.invalid("labels." + entry.getKey(), "type", shape);
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return result;
    }

    /** Every problem of the form, each named by its path ({@code key}, {@code fields[0].labels.xx}). */
    List<ValidationProblem> problems() {
        List<ValidationProblem> problems = new ArrayList<>();
        if (key == null || !KEY.matcher(key).matches()) {
            problems.add(new ValidationProblem("key", "pattern", "a form key must match " + KEY.pattern()));
        }
        if (label == null || label.isBlank()) {
            problems.add(new ValidationProblem("label", "required", "a task form needs a label"));
        } else if (label.length() > LABEL_MAX) {
            problems.add(new ValidationProblem("label", "maxLength", "must be at most " + LABEL_MAX + " characters"));
        }
        Labels.check(labels, "labels", problems);
        problems.addAll(FormFields.check(fields));
        return problems;
    }

    /** The stored form: keys in record order, labels sorted. */
    String canonicalJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the stored form: tells a changed file from one applied before. */
    String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored form back (it passed every check when it was stored). */
    static FormDefinition stored(String json) {
        try {
            return JSON.readValue(json, FormDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored task form does not read back: " + e.getMessage(), e);
        }
    }
}
