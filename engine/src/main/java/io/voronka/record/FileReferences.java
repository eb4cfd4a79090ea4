package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import java.sql.Connection;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.Name;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Which records hold a file: a file is as readable as the records whose file fields name it, so
 * its download asks here with the reader's scope (one EXISTS per file field of the catalog).
 */
public final class FileReferences {

    private final RecordService records;

    FileReferences(RecordService records) {
        this.records = records;
    }

    /** Whether {@code actor} may read some record that holds the file. */
    public boolean readableBy(Actor actor, String fileId) {
        return records.withReadScope(actor, (connection, readable) ->
                referenced(connection, records.catalog(), fileId, readable));
    }

    /** Whether the file is attached to any record at all (then only its readers reach it, not its uploader). */
    public boolean attached(Connection connection, String fileId) {
        return referenced(connection, records.catalog(), fileId, (entity, alias) -> DSL.noCondition());
    }

    static boolean referenced(Connection connection, EntityCatalog catalog, String fileId,
                              BiFunction<EntityDefinition, Name, Condition> readable) {
        for (EntityDefinition entity : catalog.all()) {
            for (FieldDefinition f : entity.fields()) {
                if (f.type() == FieldType.FILE && DSL.using(connection).fetchExists(table(name(entity.tableName())),
                        field(name(entity.tableName(), f.name()), SQLDataType.VARCHAR).eq(fileId)
                                .and(readable.apply(entity, name(entity.tableName()))))) {
                    return true;
                }
            }
        }
        return false;
    }
}
