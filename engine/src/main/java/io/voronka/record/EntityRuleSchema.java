package io.voronka.record;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;

import io.voronka.kernel.rule.RuleSchema;
import io.voronka.kernel.rule.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An entity's fields as the rule language sees them. With links, a rule may also read fields of
 * the record a link field points to ({@code contact.city} on a deal, for the field
 * {@code contact_id} or {@code contact}) and ask about the records that link here
 * ({@code any(deals, ...)} on a contact); computed fields get no links, because they are computed
 * from the record being saved alone.
 */
public final class EntityRuleSchema implements RuleSchema {

    private final EntityDefinition entity;
    private final Map<String, EntityDefinition> all;
    private final boolean withLinks;

    EntityRuleSchema(EntityDefinition entity, Map<String, EntityDefinition> all, boolean withLinks) {
        this.entity = entity;
        this.all = all;
        this.withLinks = withLinks;
    }

    /** The fields of a task form, read the way an entity's are. */
    public static EntityRuleSchema ofFields(String name, List<FieldDefinition> fields) {
        EntityDefinition form = new EntityDefinition(name, name, name, List.of(), fields);
        return new EntityRuleSchema(form, Map.of(name, form), false);
    }

    @Override
    public Optional<Field> field(String name) {
        // A many-to-many field is a list of records (any(tags, ...)), not a value.
        return entity.field(name).filter(FieldDefinition::hasColumn).map(f -> new Field(f.name(), valueType(f),
                f.type() == FieldType.ENUM ? f.options().stream().map(FieldDefinition.Option::value).toList() : List.of()));
    }

    @Override
    public Optional<RuleSchema> link(String name) {
        if (!withLinks) {
            return Optional.empty();
        }
        return linkField(name).map(f -> new EntityRuleSchema(all.get(f.link()), all, false));
    }

    /** The link field a rule reaches through by {@code name}: the field itself, or {@code name_id}. */
    public Optional<FieldDefinition> linkField(String name) {
        return entity.fields().stream().filter(f -> f.type() == FieldType.LINK)
                .filter(f -> f.name().equals(name) || f.name().equals(name + "_id")).findFirst();
    }

    @Override
    public Optional<RuleSchema> collection(String name) {
        if (!withLinks) {
            return Optional.empty();
        }
        return list(name).map(r -> new EntityRuleSchema(r.other(), all, false));
    }

    /**
     * A list of records by the name a rule uses: {@code deals} is every deal whose link field points
     * at this contact (its inverse name), {@code tags} the records a many-to-many field holds.
     */
    Optional<EntityLinks.Relation> list(String name) {
        return EntityLinks.list(entity, all.values(), name);
    }

    @Override
    public List<String> fieldNames() {
        return entity.fields().stream().map(FieldDefinition::name).toList();
    }

    public EntityDefinition entity() {
        return entity;
    }

    /** A rollup reads as what it stores: a number, or a date for min, max and last over dates. */
    public static ValueType valueType(FieldDefinition field) {
        if (field.type() == FieldType.ROLLUP) {
            return field.rollup() != null && field.rollup().of() != null ? valueType(field.rollup().of()) : ValueType.NUMBER;
        }
        return valueType(field.type());
    }

    public static ValueType valueType(FieldType type) {
        return switch (type) {
            case NUMBER, DECIMAL, MONEY, PERCENT -> ValueType.NUMBER;
            case BOOLEAN -> ValueType.BOOLEAN;
            case DATE -> ValueType.DATE;
            case DATETIME -> ValueType.DATETIME;
            default -> ValueType.TEXT;
        };
    }
}
