package io.voronka.record;

import io.voronka.kernel.field.FieldDefinition;

import io.voronka.kernel.rule.RuleTables;
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

    EntityRuleTables(EntityRuleSchema schema, EntityCatalog catalog) {
        this.schema = schema;
        this.catalog = catalog;
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
    public Optional<Link> link(String name) {
        return schema.linkField(name).map(field -> new Link(tablesOf(field.link()), field.name()));
    }

    @Override
    public Optional<Link> collection(String name) {
        return schema.backLink(name).map(back -> new Link(tablesOf(back.from().name()), back.field().name()));
    }

    private RuleTables tablesOf(String entity) {
        return new EntityRuleTables(catalog.ruleSchema(catalog.find(entity).orElseThrow(), false), catalog);
    }
}
