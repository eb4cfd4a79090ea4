package io.voronka.record;

import static org.jooq.impl.DSL.charLength;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.field.OptionSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What a new version of an entity would take from records already stored, counted before anything
 * changes: a field removed while records hold values (it is retired: column and history stay, but
 * nobody sees or edits them), a type changed under values, a maximum length narrowed below stored
 * values, an option removed while records have it, the entity retired while it has records. The
 * API refuses such a change with a 409 listing these until the admin confirms.
 */
final class DataLossPreview {

    /** One kind of loss on one field (null for the entity) and how many records it touches. */
    record Item(String field, String change, String option, long records) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("field", field);
            json.put("change", change);
            if (option != null) {
                json.put("option", option);
            }
            json.put("records", records);
            return json;
        }
    }

    private DataLossPreview() {
    }

    /** The losses going from {@code before} to {@code after}; only those that touch at least one record. */
    static List<Item> of(DSLContext sql, EntityDefinition before, EntityDefinition after) {
        List<Item> items = new ArrayList<>();
        for (FieldDefinition old : before.fields()) {
            FieldDefinition now = after.field(old.name()).orElse(null);
            if (now == null) {
                add(items, old.name(), "remove", null, count(sql, before, field(name(old.name())).isNotNull()));
                continue;
            }
            if (now.type() != old.type()) {
                add(items, old.name(), "retype", null, count(sql, before, notFitting(old, now)));
                continue;
            }
            if (now.type().isText() && FieldValues.maxLength(now) < FieldValues.maxLength(old)) {
                add(items, old.name(), "narrow", null, count(sql, before,
                        charLength(field(name(old.name()), SQLDataType.VARCHAR)).gt(FieldValues.maxLength(now))));
            }
            if (now.type() == FieldType.ENUM || now.type() == FieldType.MULTIENUM) {
                for (FieldDefinition.Option option : old.options()) {
                    if (!now.allows(option.value())) {
                        add(items, old.name(), "removeOption", option.value(), count(sql, before, having(now, option.value())));
                    }
                }
            }
        }
        return items;
    }

    /** The entity's records, as retiring it would put them out of reach. */
    static List<Item> retiring(DSLContext sql, EntityDefinition entity) {
        List<Item> items = new ArrayList<>();
        add(items, null, "retire", null, count(sql, entity, DSL.noCondition()));
        return items;
    }

    /** Values of the old type that the new one would not take: for a choice, those not among its options. */
    private static Condition notFitting(FieldDefinition old, FieldDefinition now) {
        var column = field(name(old.name()), SQLDataType.VARCHAR);
        if (now.type() == FieldType.ENUM && old.type().isText()) {
            return column.isNotNull().and(column.notIn(now.options().stream().map(FieldDefinition.Option::value).toList()));
        }
        return field(name(old.name())).isNotNull();
    }

    private static Condition having(FieldDefinition field, String option) {
        var column = field(name(field.name()), SQLDataType.VARCHAR);
        return field.type() == FieldType.MULTIENUM
                ? column.contains(OptionSet.SEPARATOR + option + OptionSet.SEPARATOR)
                : column.eq(option);
    }

    private static long count(DSLContext sql, EntityDefinition entity, Condition condition) {
        return sql.selectCount().from(table(name(entity.tableName()))).where(condition).fetchOne(0, long.class);
    }

    private static void add(List<Item> items, String field, String change, String option, long records) {
        if (records > 0) {
            items.add(new Item(field, change, option, records));
        }
    }
}
