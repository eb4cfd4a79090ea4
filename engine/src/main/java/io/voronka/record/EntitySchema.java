package io.voronka.record;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.name;

import io.voronka.storage.Database;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * Keeps each entity's table in line with its definition: creates it, and adds columns for fields
 * added since. Columns are never dropped automatically: data removal is an admin's explicit act.
 */
public final class EntitySchema {

    private final Database database;

    public EntitySchema(Database database) {
        this.database = database;
    }

    public void apply(EntityCatalog catalog) {
        database.inTransaction(connection -> {
            DSLContext sql = database.dsl(connection);
            // Link targets first, so foreign keys have a table to point at.
            catalog.all().stream().sorted((a, b) -> Boolean.compare(hasLinks(a), hasLinks(b)))
                    .forEach(entity -> apply(sql, entity));
            return null;
        });
    }

    private static boolean hasLinks(EntityDefinition entity) {
        return entity.fields().stream().anyMatch(f -> f.type() == FieldType.LINK);
    }

    private void apply(DSLContext sql, EntityDefinition entity) {
        Table<?> existing = sql.meta().getTables(entity.tableName()).stream()
                .filter(t -> t.getName().equalsIgnoreCase(entity.tableName())).findFirst().orElse(null);
        if (existing == null) {
            create(sql, entity);
            return;
        }
        Set<String> columns = new HashSet<>();
        for (Field<?> f : existing.fields()) {
            columns.add(f.getName().toLowerCase(Locale.ROOT));
        }
        for (FieldDefinition field : entity.fields()) {
            if (!columns.contains(field.name())) {
                sql.alterTable(name(entity.tableName())).add(name(field.name()), columnType(field)).execute();
            }
        }
    }

    private void create(DSLContext sql, EntityDefinition entity) {
        var create = sql.createTable(name(entity.tableName()))
                .column(name("id"), SQLDataType.VARCHAR(36).notNull())
                .column(name("version"), SQLDataType.INTEGER.notNull())
                .column(name("created_at"), SQLDataType.LOCALDATETIME(3).notNull())
                .column(name("updated_at"), SQLDataType.LOCALDATETIME(3).notNull())
                .column(name("created_by"), SQLDataType.VARCHAR(100).notNull());
        for (FieldDefinition field : entity.fields()) {
            create = create.column(name(field.name()), columnType(field));
        }
        var withKey = create.constraints(constraint("pk_" + entity.tableName()).primaryKey(name("id")));
        var links = entity.fields().stream().filter(f -> f.type() == FieldType.LINK).collect(Collectors.toList());
        for (FieldDefinition link : links) {
            withKey = withKey.constraints(constraint("fk_" + entity.name() + "_" + link.name())
                    .foreignKey(name(link.name())).references(name("rec_" + link.link()), name("id")));
        }
        withKey.execute();
        for (FieldDefinition link : links) {
            sql.createIndex("ix_" + entity.name() + "_" + link.name()).on(name(entity.tableName()), name(link.name())).execute();
        }
    }

    /** The column type a field stores its values in; the same Java type comes back on read. */
    public static DataType<?> columnType(FieldDefinition field) {
        return switch (field.type()) {
            case TEXT -> SQLDataType.VARCHAR(field.maxLength() == null ? FieldValues.DEFAULT_TEXT_LENGTH : field.maxLength());
            case EMAIL -> SQLDataType.VARCHAR(320);
            case PHONE -> SQLDataType.VARCHAR(32);
            case NUMBER -> SQLDataType.BIGINT;
            case DECIMAL -> SQLDataType.DECIMAL(19, 4);
            case BOOLEAN -> SQLDataType.BOOLEAN;
            case DATE -> SQLDataType.LOCALDATE;
            case ENUM -> SQLDataType.VARCHAR(64);
            case LINK -> SQLDataType.VARCHAR(36);
            case USER -> SQLDataType.VARCHAR(100);
        };
    }
}
