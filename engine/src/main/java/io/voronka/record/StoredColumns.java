package io.voronka.record;

import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.FieldDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A field keeps the column it was first stored in: any version of the entity that had a field of
 * the same name must agree on its type, length and link target. Columns are never dropped or
 * retyped automatically, so a field removed and added back finds its old column too.
 */
final class StoredColumns {

    private StoredColumns() {
    }

    /** What {@code document} would change about columns that {@code versions} already made; empty when nothing. */
    static List<ValidationProblem> refusedChanges(EntityDocument document, List<StoredDefinition> versions) {
        List<ValidationProblem> problems = new ArrayList<>();
        List<FieldDefinition> fields = document.definition().fields();
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition field = fields.get(i);
            FieldDefinition old = firstStored(field.name(), versions);
            if (old == null) {
                continue;
            }
            String path = "fields[" + i + "]";
            if (old.type() != field.type()) {
                problems.add(new ValidationProblem(path + ".type", "unchangeable", "field " + field.name()
                        + " was stored as " + old.type().json() + "; add a new field instead of changing its type"));
            } else if (!Objects.equals(EntitySchema.columnType(old).length(), EntitySchema.columnType(field).length())) {
                problems.add(new ValidationProblem(path + ".maxLength", "unchangeable", "field " + field.name()
                        + " has a column of length " + EntitySchema.columnType(old).length() + "; add a new field instead"));
            } else if (!Objects.equals(old.link(), field.link())) {
                problems.add(new ValidationProblem(path + ".link", "unchangeable", "field " + field.name()
                        + " links to " + old.link() + "; add a new field instead"));
            }
        }
        return problems;
    }

    /** The field as the oldest version that had it stored it: that version made the column. */
    private static FieldDefinition firstStored(String name, List<StoredDefinition> versions) {
        for (StoredDefinition version : versions) {
            FieldDefinition field = version.document().definition().field(name).orElse(null);
            if (field != null) {
                return field;
            }
        }
        return null;
    }
}
