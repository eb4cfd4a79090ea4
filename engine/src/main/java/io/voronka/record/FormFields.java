package io.voronka.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fields defined outside an entity, a task form's: read and checked by the very code that reads and
 * checks an entity's fields (names, duplicates, types, options, lengths, patterns, labels), so a
 * field the entity designer accepts reads the same in a task form. What a task form cannot hold is
 * refused on top: links and files (completing a task checks no reference), rollups and computed
 * values (there are no records to compute over) and uniqueness (there is no table).
 */
public final class FormFields {

    /** The types a task form may ask for. */
    public static final Set<FieldType> TYPES = Set.of(FieldType.TEXT, FieldType.LONGTEXT, FieldType.EMAIL, FieldType.PHONE,
            FieldType.URL, FieldType.ADDRESS, FieldType.NUMBER, FieldType.DECIMAL, FieldType.MONEY, FieldType.PERCENT,
            FieldType.BOOLEAN, FieldType.DATE, FieldType.DATETIME, FieldType.ENUM, FieldType.MULTIENUM, FieldType.USER);

    private FormFields() {
    }

    /**
     * Reads a form's {@code fields} list; a part of the wrong shape answers 422 naming its path
     * ({@code fields[2].type}), as for an entity.
     */
    public static List<FieldDefinition> parse(JsonNode fields) {
        ObjectNode asEntity = JsonNodeFactory.instance.objectNode().put("name", "task_form");
        asEntity.set("fields", fields);
        return EntityDocument.parse(asEntity.toString()).definition().fields();
    }

    /** Every problem of the fields, each naming its path ({@code fields[1].options}). */
    public static List<ValidationProblem> check(List<FieldDefinition> fields) {
        List<ValidationProblem> problems = new ArrayList<>(
                EntityCatalog.check(new EntityDefinition("task_form", "task form", null, List.of(), fields)));
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition field = fields.get(i);
            String path = "fields[" + i + "]";
            if (field == null) {
                continue;
            }
            if (field.type() != null && !TYPES.contains(field.type())) {
                problems.add(new ValidationProblem(path + ".type", "type", "a task form cannot ask for a " + field.type().json()
                        + " field; it may ask for " + TYPES.stream().map(FieldType::json).sorted().toList()));
            }
            if (field.isComputed()) {
                problems.add(new ValidationProblem(path + ".computed", "type", "a task form's field is filled in, not computed"));
            }
            if (field.isUnique()) {
                problems.add(new ValidationProblem(path + ".unique", "type", "a task form keeps no records to be unique among"));
            }
        }
        return problems;
    }
}
