package io.voronka.record;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Many-to-many links ({@code "type":"links"}): each such field has a table of its own,
 * {@code lnk_<entity>_<field>} with a row per (record, linked record), keyed both ways so "the
 * tags of this contact" and "the contacts with this tag" are each one index range. The value a
 * record shows is the sorted list of linked ids.
 */
final class LinkSets {

    static final Field<String> FROM = field(name("from_id"), SQLDataType.VARCHAR(36));
    static final Field<String> TO = field(name("to_id"), SQLDataType.VARCHAR(36));

    private final SQLDialect dialect;

    LinkSets(SQLDialect dialect) {
        this.dialect = dialect;
    }

    /** The link table of a field; names that would pass the databases' 64 characters are shortened with a hash. */
    static String tableName(EntityDefinition entity, FieldDefinition field) {
        String plain = "lnk_" + entity.name() + "_" + field.name();
        if (plain.length() <= 60) {
            return plain;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
            return plain.substring(0, 50) + "_" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Table<?> table(EntityDefinition entity, FieldDefinition field) {
        return DSL.table(name(tableName(entity, field)));
    }

    /** Creates the link table with its keys (both ends must exist: the record and the linked record). */
    static void create(DSLContext sql, EntityDefinition entity, FieldDefinition field) {
        String table = tableName(entity, field);
        sql.createTable(name(table))
                .column(FROM.getUnqualifiedName(), SQLDataType.VARCHAR(36).notNull())
                .column(TO.getUnqualifiedName(), SQLDataType.VARCHAR(36).notNull())
                .constraints(constraint("pk_" + table).primaryKey(FROM.getUnqualifiedName(), TO.getUnqualifiedName()),
                        // Cascades only ever act for a field since removed from the definition: for the
                        // fields in force, deletes clear the record's own links and refuse while others link to it.
                        constraint("fkf_" + table).foreignKey(FROM.getUnqualifiedName())
                                .references(name(entity.tableName()), name("id")).onDeleteCascade(),
                        constraint("fkt_" + table).foreignKey(TO.getUnqualifiedName())
                                .references(name("rec_" + field.link()), name("id")).onDeleteCascade())
                .execute();
        sql.createIndex("ix_" + table + "_to").on(name(table), TO.getUnqualifiedName(), FROM.getUnqualifiedName()).execute();
    }

    static List<FieldDefinition> fields(EntityDefinition entity) {
        return entity.fields().stream().filter(f -> f.type() == FieldType.LINKS).toList();
    }

    private DSLContext sql(Connection connection) {
        return DSL.using(connection, dialect);
    }

    /** Makes the record's links of {@code field} exactly {@code ids} (null or empty: none). */
    void replace(Connection connection, EntityDefinition entity, FieldDefinition field, String id, List<?> ids) {
        DSLContext sql = sql(connection);
        sql.deleteFrom(table(entity, field)).where(FROM.eq(id)).execute();
        if (ids == null || ids.isEmpty()) {
            return;
        }
        var insert = sql.insertInto(table(entity, field), FROM, TO);
        for (Object to : ids) {
            insert = insert.values(id, (String) to);
        }
        insert.execute();
    }

    /** Removes every link a record holds (before the record itself is deleted). */
    void removeAll(Connection connection, EntityDefinition entity, String id) {
        for (FieldDefinition field : fields(entity)) {
            sql(connection).deleteFrom(table(entity, field)).where(FROM.eq(id)).execute();
        }
    }

    /** Fills each many-to-many value of {@code records} with its sorted ids: one query per field for the whole page. */
    List<RecordData> attach(Connection connection, EntityDefinition entity, List<RecordData> records) {
        List<FieldDefinition> fields = fields(entity);
        if (fields.isEmpty() || records.isEmpty()) {
            return records;
        }
        List<String> ids = records.stream().map(RecordData::id).toList();
        Map<String, Map<String, List<String>>> byField = new HashMap<>();
        for (FieldDefinition field : fields) {
            Map<String, List<String>> links = new HashMap<>();
            sql(connection).select(FROM, TO).from(table(entity, field)).where(FROM.in(ids)).orderBy(FROM, TO)
                    .forEach(r -> links.computeIfAbsent(r.get(FROM), k -> new ArrayList<>()).add(r.get(TO)));
            byField.put(field.name(), links);
        }
        List<RecordData> filled = new ArrayList<>(records.size());
        for (RecordData record : records) {
            Map<String, Object> values = new LinkedHashMap<>(record.values());
            byField.forEach((fieldName, links) -> values.put(fieldName, List.copyOf(links.getOrDefault(record.id(), List.of()))));
            filled.add(new RecordData(record.id(), record.entity(), record.version(), record.createdAt(),
                    record.updatedAt(), record.createdBy(), values));
        }
        return filled;
    }

    /** Whether any record links to {@code id} through {@code field} (deleting it would break the link). */
    boolean linkedTo(Connection connection, EntityDefinition entity, FieldDefinition field, String id) {
        return sql(connection).fetchExists(table(entity, field), TO.eq(id));
    }

    /** Records of {@code entity} whose {@code field} holds {@code id}, as a condition over its table. */
    static Condition holding(EntityDefinition entity, FieldDefinition field, String id) {
        return RecordStore.ID.in(DSL.select(FROM).from(table(entity, field)).where(TO.eq(id)));
    }

    /** Records of the linked entity that {@code id}'s {@code field} holds, as a condition over that entity's table. */
    static Condition heldBy(EntityDefinition entity, FieldDefinition field, String id) {
        return RecordStore.ID.in(DSL.select(TO).from(table(entity, field)).where(FROM.eq(id)));
    }
}
