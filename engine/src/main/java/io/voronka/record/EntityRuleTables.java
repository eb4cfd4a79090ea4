package io.voronka.record;

import io.voronka.kernel.field.FieldDefinition;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.rule.RuleTables;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.Name;
import org.jooq.impl.DSL;
import java.util.Optional;
import org.jooq.DataType;

/**
 * An entity's tables and columns for the filter compiler, read from the schema registry: the
 * same definitions that created the tables name them here, so a filter can only reach columns
 * that exist and that the entity declares.
 */
final class EntityRuleTables implements RuleTables {

    private final EntityRuleSchema schema;
    private final EntityCatalog catalog;
    private final BiFunction<EntityDefinition, Name, Condition> readable;

    /** Every linked row readable: for rules that are not a person's filter. */
    EntityRuleTables(EntityRuleSchema schema, EntityCatalog catalog) {
        this(schema, catalog, (entity, alias) -> DSL.noCondition());
    }

    /** {@code readable} is the acting user's read scope over an entity's table under an alias. */
    EntityRuleTables(EntityRuleSchema schema, EntityCatalog catalog, BiFunction<EntityDefinition, Name, Condition> readable) {
        this.schema = schema;
        this.catalog = catalog;
        this.readable = readable;
    }

    @Override
    public Condition readable(Name alias) {
        return readable.apply(schema.entity(), alias);
    }

    @Override
    public String table() {
        return schema.entity().tableName();
    }

    @Override
    public String column(String field) {
        return definition(field).name();
    }

    @Override
    public DataType<?> columnType(String field) {
        return EntitySchema.columnType(definition(field));
    }

    private FieldDefinition definition(String field) {
        return schema.entity().field(field)
                .orElseThrow(() -> new IllegalArgumentException(schema.entity().name() + " has no field " + field));
    }

    @Override
    public Optional<String> linkIndex(String column) {
        return schema.entity().field(column).filter(f -> f.type() == FieldType.LINK)
                .map(f -> EntitySchema.linkIndexName(schema.entity(), f));
    }

    @Override
    public Optional<Link> link(String name) {
        return schema.linkField(name).map(field -> new Link(tablesOf(field.link()), field.name()));
    }

    @Override
    public Optional<Link> collection(String name) {
        return schema.list(name).map(r -> {
            if (!r.throughTable()) {
                return new Link(tablesOf(r.holder().name()), r.field().name());
            }
            // Many-to-many: the pairs are rows of the field's link table, read from the side this list starts at.
            boolean fromHere = r.direction() == EntityLinks.Direction.OUTGOING;
            return new Link(tablesOf(r.other().name()), null, new Through(LinkSets.tableName(r.holder(), r.field()),
                    fromHere ? LinkSets.FROM.getName() : LinkSets.TO.getName(),
                    fromHere ? LinkSets.TO.getName() : LinkSets.FROM.getName()));
        });
    }

    private RuleTables tablesOf(String entity) {
        return new EntityRuleTables(catalog.ruleSchema(catalog.find(entity).orElseThrow(), false), catalog, readable);
    }
}
