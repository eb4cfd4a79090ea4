package io.voronka.kernel.field;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A user-defined entity type: contact, deal, order... Each becomes one table with typed columns. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EntityDefinition(String name, String label, String labelPlural, List<String> titleFields,
                               List<FieldDefinition> fields,
                               // Issue 8 (fields): default currency, stage rules, card layout, retired by an admin.
                               @JsonInclude(JsonInclude.Include.NON_NULL) String currency,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StageRule> rules,
                               @JsonInclude(JsonInclude.Include.NON_NULL) CardLayout layout,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Boolean retired,
                               // Composite indexes the definition asks for (issue 8, exact counts over linked records).
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EntityIndex> indexes,
                               // Labels in other languages: label and labelPlural by language tag (see Labels).
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labelsPlural) {

    public EntityDefinition(String name, String label, String labelPlural, List<String> titleFields,
                            List<FieldDefinition> fields) {
        this(name, label, labelPlural, titleFields, fields, null, List.of(), null, null, List.of(), null, null);
    }

    public EntityDefinition(String name, String label, String labelPlural, List<String> titleFields,
                            List<FieldDefinition> fields, String currency, List<StageRule> rules, CardLayout layout,
                            Boolean retired) {
        this(name, label, labelPlural, titleFields, fields, currency, rules, layout, retired, List.of(), null, null);
    }

    public EntityDefinition {
        fields = List.copyOf(fields);
        rules = rules == null ? List.of() : List.copyOf(rules);
        titleFields = titleFields == null ? List.of() : List.copyOf(titleFields);
        indexes = indexes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(indexes));
        labelPlural = labelPlural == null ? label : labelPlural;
        labels = Labels.copy(labels);
        labelsPlural = Labels.copy(labelsPlural);
    }

    public Optional<FieldDefinition> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    @JsonIgnore
    public boolean isRetired() {
        return Boolean.TRUE.equals(retired);
    }

    /** The same definition marked retired (or revived): its table and history stay. */
    public EntityDefinition retire(boolean retire) {
        return new EntityDefinition(name, label, labelPlural, titleFields, fields, currency, rules, layout,
                retire ? Boolean.TRUE : null, indexes, labels, labelsPlural);
    }

    /** The same definition with other fields (rollups with their stored types worked out). */
    public EntityDefinition withFields(List<FieldDefinition> resolvedFields) {
        return new EntityDefinition(name, label, labelPlural, titleFields, resolvedFields, currency, rules, layout, retired,
                indexes, labels, labelsPlural);
    }

    /** The same definition under another name. */
    public EntityDefinition named(String newName) {
        return new EntityDefinition(newName, label, labelPlural, titleFields, fields, currency, rules, layout, retired,
                indexes, labels, labelsPlural);
    }

    /** The layout a card shows: the one defined, with fields it leaves out in a last section; else every field in one. */
    public CardLayout layoutOrDefault() {
        return CardLayout.completed(layout, fields.stream().map(FieldDefinition::name).toList());
    }

    public String tableName() {
        return "rec_" + name;
    }
}
