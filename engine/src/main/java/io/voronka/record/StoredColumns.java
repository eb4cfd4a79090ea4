package io.voronka.record;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.FieldDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A field keeps the column it was first stored in: any later version of a field of the same name
 * must fit that column (the same SQL type, no wider; a narrower maximum length is fine) and keep
 * its link target. Columns are never dropped or retyped automatically, so a field removed and
 * added back finds its old column too.
 */
final class StoredColumns {

    private StoredColumns() {
    }

    /** What {@code document} would change about columns that {@code versions} already made; empty when nothing. */
    static FieldDefinition column(String name, List<StoredDefinition> versions) {
        return firstStored(name, versions);
    }

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
            var column = EntitySchema.columnType(old);
            var wanted = EntitySchema.columnType(field);
            if (old.type() != field.type() && !sameKindOfColumn(column, wanted)) {
                problems.add(ValidationProblem.of(path + ".type", "unchangeable", "definition.stored.type",
                        field.name(), old.type().json()));
            } else if (wanted.hasLength() && wanted.length() > column.length()) {
                problems.add(ValidationProblem.of(path + ".maxLength", "unchangeable", "definition.stored.length",
                        field.name(), EntitySchema.columnType(old).length()));
            } else if (!Objects.equals(old.link(), field.link())) {
                problems.add(ValidationProblem.of(path + ".link", "unchangeable", "definition.stored.link",
                        field.name(), old.link()));
            }
        }
        return problems;
    }

    /**
     * Whether a field of another type can keep the column: the same SQL type, no wider (text to a
     * choice in a VARCHAR as wide, decimal to money or percent). Such a change still needs the
     * admin's confirmation when stored values would not fit it (see DataLossPreview).
     */
    private static boolean sameKindOfColumn(org.jooq.DataType<?> column, org.jooq.DataType<?> wanted) {
        if (!column.getTypeName().equals(wanted.getTypeName())) {
            return false;
        }
        if (wanted.hasLength()) {
            return wanted.length() <= column.length();
        }
        return !wanted.hasPrecision() || (wanted.precision() == column.precision() && wanted.scale() == column.scale());
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
