package io.voronka.record;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.FieldValues;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.name;

import io.voronka.kernel.storage.Database;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;

/**
 * Keeps each entity's table in line with its definition: creates it, and adds columns for fields
 * added since. Columns are never dropped automatically: data removal is an admin's explicit act.
 */
public final class EntitySchema {

    private final Database database;
    private final OnlineDdl ddl;

    public EntitySchema(Database database) {
        this(database, statement -> { });
    }

    /** {@code issued} hears every online DDL statement as sent (tests check what MariaDB was asked). */
    EntitySchema(Database database, java.util.function.Consumer<String> issued) {
        this(database, issued, OnlineDdl.SHADOW_FROM_ROWS);
    }

    /** {@code shadowFromRows}: from how many rows an H2 table is changed through a shadow table (tests lower it). */
    EntitySchema(Database database, java.util.function.Consumer<String> issued, int shadowFromRows) {
        this.database = database;
        this.ddl = new OnlineDdl(issued, shadowFromRows);
    }

    public void apply(EntityCatalog catalog) {
        database.inTransaction(connection -> {
            DSLContext sql = database.dsl(connection);
            // Link targets first, so foreign keys have a table to point at.
            targetsFirst(catalog.all()).forEach(entity -> apply(sql, entity));
            // Many-to-many link tables last: both ends exist by now.
            catalog.all().forEach(entity -> LinkSets.fields(entity).stream()
                    .filter(f -> existingColumns(sql, LinkSets.tableName(entity, f)).isEmpty())
                    .forEach(f -> LinkSets.create(sql, entity, f)));
            return null;
        });
    }

    /** Entities ordered so each comes after the entities its link fields point at (a contact after its company). */
    static List<EntityDefinition> targetsFirst(java.util.Collection<EntityDefinition> entities) {
        java.util.Map<String, EntityDefinition> byName = new java.util.LinkedHashMap<>();
        entities.forEach(e -> byName.put(e.name(), e));
        java.util.LinkedHashSet<String> ordered = new java.util.LinkedHashSet<>();
        byName.keySet().forEach(name -> visit(name, byName, ordered, new HashSet<>()));
        return ordered.stream().map(byName::get).toList();
    }

    private static void visit(String name, java.util.Map<String, EntityDefinition> byName,
                              java.util.LinkedHashSet<String> ordered, Set<String> path) {
        EntityDefinition entity = byName.get(name);
        if (entity == null || ordered.contains(name) || !path.add(name)) {
            return; // unknown, done, or a cycle (a self-link): the catalog's own checks speak for those
        }
        entity.fields().stream().filter(f -> f.type() == FieldType.LINK).forEach(f -> visit(f.link(), byName, ordered, path));
        ordered.add(name);
    }

    private void apply(DSLContext sql, EntityDefinition entity) {
        ddl.recover(sql, entity.tableName());
        Set<String> columns = existingColumns(sql, entity.tableName());
        if (columns.isEmpty()) {
            create(sql, entity);
        }
        // One pass: on a large H2 table all of it is made at once on a shadow table (see OnlineDdl).
        OnlineDdl.Change change = ddl.change(sql, entity.tableName());
        if (!columns.isEmpty()) {
            for (FieldDefinition field : entity.fields()) {
                if (!field.hasColumn()) {
                    continue;
                }
                // Money's currency column may be missing beside an amount column a decimal field made.
                FieldColumns.of(field).forEach((column, type) -> {
                    if (!column.equals(field.name()) && !columns.contains(column)) {
                        change.addColumn(column, type);
                    }
                });
                if (!columns.contains(field.name())) {
                    change.addColumn(field.name(), columnType(field));
                    if (field.type() == FieldType.LINK) {
                        // A link added by a later version gets the key and index a link of the first version has.
                        change.addForeignKey("fk_" + entity.name() + "_" + field.name(), field.name(), "rec_" + field.link());
                        change.createIndex(linkIndexName(entity, field), false, field.name(), "created_at", "id");
                    }
                    if (field.type() == FieldType.ROLLUP) {
                        change.createPlainIndex(rollupIndexName(entity, field), field.name(), "id");
                    }
                }
            }
        }
        addSortIndexes(change, entity, existingIndexes(sql, entity.tableName()));
        UniqueIndexes.apply(sql, change, entity, existingIndexes(sql, entity.tableName()));
        CompositeIndexes.apply(change, entity, existingIndexes(sql, entity.tableName()));
        change.finish();
    }

    /** The index over a link column (then the default sort), made with the table or with the link. */
    static String linkIndexName(EntityDefinition entity, FieldDefinition link) {
        return "ix_" + entity.name() + "_" + link.name();
    }

    /** A rollup is there to be filtered and sorted on (best customers by LTV): its column gets (value, id). */
    private static void rollupIndex(DSLContext sql, EntityDefinition entity, FieldDefinition field) {
        sql.createIndex(rollupIndexName(entity, field)).on(name(entity.tableName()), name(field.name()), name("id")).execute();
    }

    private static String rollupIndexName(EntityDefinition entity, FieldDefinition field) {
        return "ix_" + entity.name() + "_" + field.name();
    }

    /**
     * The indexes behind every order a list may be read in ({@link RecordSort}): the sort column
     * then the id, so a page after a cursor is one index range, ties included. Added to tables
     * created before them too; on MariaDB, CREATE INDEX on InnoDB is online (writers go on).
     */
    private static void addSortIndexes(OnlineDdl.Change change, EntityDefinition entity, Set<String> indexes) {
        for (String column : List.of("created_at", "updated_at")) {
            String index = "ix_" + entity.name() + "_" + column;
            if (!indexes.contains(index)) {
                change.createIndex(index, false, column, "id");
            }
        }
        for (FieldDefinition field : entity.fields()) {
            String index = sortIndexName(entity, field);
            // A rollup sorts along the index it is made with (rollupIndex), (value, id) as here.
            if (field.sortable() && field.type() != FieldType.ROLLUP && !indexes.contains(index)) {
                change.createPlainIndex(index, field.name(), "id");
            }
        }
    }

    /** The name of a field's sort index, within MariaDB's 64 characters however long the names. */
    static String sortIndexName(EntityDefinition entity, FieldDefinition field) {
        String index = "ixs_" + entity.name() + "_" + field.name();
        return index.length() <= 64 ? index
                : index.substring(0, 55) + "_" + Integer.toHexString((entity.name() + "." + field.name()).hashCode());
    }

    static Set<String> existingIndexes(DSLContext sql, String table) {
        return sql.connectionResult(connection -> {
            Set<String> indexes = new HashSet<>();
            DatabaseMetaData meta = connection.getMetaData();
            // approximate: only the names are read, and H2 counts every index's rows for exact figures
            // (seconds per call on a large table with writers busy).
            try (ResultSet rs = meta.getIndexInfo(connection.getCatalog(), connection.getSchema(), table, false, true)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) {
                        indexes.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            return indexes;
        });
    }

    /**
     * Columns of a table as JDBC metadata reports them, empty if there is no such table. (jOOQ's
     * meta queries columns MariaDB 10.x lacks, so plain JDBC metadata it is.)
     */
    private static Set<String> existingColumns(DSLContext sql, String table) {
        return sql.connectionResult(connection -> {
            Set<String> columns = new HashSet<>();
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet rs = meta.getColumns(connection.getCatalog(), connection.getSchema(), table, null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            return columns;
        });
    }

    private void create(DSLContext sql, EntityDefinition entity) {
        var create = sql.createTable(name(entity.tableName()))
                .column(name("id"), SQLDataType.VARCHAR(36).notNull())
                .column(name("version"), SQLDataType.INTEGER.notNull())
                .column(name("created_at"), SQLDataType.LOCALDATETIME(3).notNull())
                .column(name("updated_at"), SQLDataType.LOCALDATETIME(3).notNull())
                .column(name("created_by"), SQLDataType.VARCHAR(100).notNull());
        for (FieldDefinition field : entity.fields()) {
            for (var column : FieldColumns.of(field).entrySet()) {
                create = create.column(name(column.getKey()), column.getValue());
            }
        }
        var withKey = create.constraints(constraint("pk_" + entity.tableName()).primaryKey(name("id")));
        var links = entity.fields().stream().filter(f -> f.type() == FieldType.LINK).collect(Collectors.toList());
        for (FieldDefinition link : links) {
            withKey = withKey.constraints(constraint("fk_" + entity.name() + "_" + link.name())
                    .foreignKey(name(link.name())).references(name("rec_" + link.link()), name("id")));
        }
        withKey.execute();
        // A link's index goes on to the default sort, so "the deals of this contact, newest first" is
        // one index range without a sort, however many deals the contact has.
        for (FieldDefinition link : links) {
            sql.createIndex(linkIndexName(entity, link)).on(name(entity.tableName()), name(link.name()),
                    name("created_at"), name("id")).execute();
        }
        entity.fields().stream().filter(f -> f.type() == FieldType.ROLLUP).forEach(f -> rollupIndex(sql, entity, f));
    }

    /** The column type a field stores its values in; the same Java type comes back on read. */
    public static DataType<?> columnType(FieldDefinition field) {
        return switch (field.type()) {
            case TEXT, URL, ADDRESS -> SQLDataType.VARCHAR(FieldValues.maxLength(field));
            case EMAIL -> SQLDataType.VARCHAR(320);
            case PHONE -> SQLDataType.VARCHAR(32);
            case NUMBER -> SQLDataType.BIGINT;
            case DECIMAL -> SQLDataType.DECIMAL(19, 4);
            case BOOLEAN -> SQLDataType.BOOLEAN;
            case DATE -> SQLDataType.LOCALDATE;
            case ENUM -> SQLDataType.VARCHAR(64);
            case LINK, LINKS, FILE -> SQLDataType.VARCHAR(36); // LINKS: the ids in its link table
            case USER -> SQLDataType.VARCHAR(100);
            case ROLLUP -> field.rollup() == null || field.rollup().of() == null ? SQLDataType.DECIMAL(19, 4)
                    : switch (field.rollup().of()) {
                        case NUMBER -> SQLDataType.BIGINT;
                        case DATE -> SQLDataType.LOCALDATE;
                        default -> SQLDataType.DECIMAL(19, 4);
                    };
            case LONGTEXT -> SQLDataType.CLOB;
            case MONEY, PERCENT -> SQLDataType.DECIMAL(19, 4);
            case DATETIME -> SQLDataType.LOCALDATETIME(3);
            case MULTIENUM -> SQLDataType.VARCHAR(io.voronka.kernel.field.OptionSet.COLUMN_LENGTH);
        };
    }
}
