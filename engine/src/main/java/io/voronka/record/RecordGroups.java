package io.voronka.record;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kanban's columns: the count of matching records per value of a choice or user field. A choice
 * field lists every option in option order, empty columns included (a stage nobody reached yet is
 * still a column to drag to), then values no longer among the options, then records without a
 * value (null) when there are any, so the counts add up to the list's total. A user field lists
 * the users that hold records, by name, then the unassigned.
 */
public final class RecordGroups {

    /** One column: a field value (null for records without one) and how many records hold it. */
    public record Group(String value, long count) {
    }

    private RecordGroups() {
    }

    static FieldDefinition groupable(EntityDefinition entity, String by) {
        if (by == null || by.isEmpty()) {
            throw DomainError.malformed("by", "required", Message.of("query.by"));
        }
        FieldDefinition field = entity.field(by).orElseThrow(() -> DomainError.malformed("by", "exists",
                Message.of("view.column", RecordSort.clip(by), entity.name())));
        if (field.type() != FieldType.ENUM && field.type() != FieldType.USER) {
            throw DomainError.malformed("by", "groupable", Message.of("query.by.type", by, field.type().json()));
        }
        return field;
    }

    static List<Group> of(FieldDefinition field, Map<Object, Long> counts) {
        Map<Object, Long> left = new LinkedHashMap<>(counts);
        List<Group> groups = new ArrayList<>();
        field.options().forEach(option -> groups.add(new Group(option.value(),
                left.containsKey(option.value()) ? left.remove(option.value()) : 0L)));
        Long empty = left.remove(null);
        left.keySet().stream().map(String::valueOf).sorted()
                .forEach(value -> groups.add(new Group(value, left.get(value))));
        if (empty != null) {
            groups.add(new Group(null, empty));
        }
        return groups;
    }
}
