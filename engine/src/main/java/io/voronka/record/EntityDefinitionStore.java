package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The {@code entity_definition} table: every version of every entity definition, never rewritten. */
final class EntityDefinitionStore {

    static final String FILE_ORIGIN = "file ";
    static final String API_ORIGIN = "api";

    private static final Table<Record> TABLE = table(name("entity_definition"));
    private static final Field<String> NAME = field(name("name"), SQLDataType.VARCHAR);
    private static final Field<Integer> VERSION = field(name("version"), SQLDataType.INTEGER);
    private static final Field<String> DEFINITION = field(name("definition"), SQLDataType.CLOB);
    private static final Field<String> CHECKSUM = field(name("checksum"), SQLDataType.VARCHAR);
    private static final Field<String> ORIGIN = field(name("origin"), SQLDataType.VARCHAR);
    private static final Field<String> CHANGED_BY = field(name("changed_by"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> CHANGED_AT = field(name("changed_at"), SQLDataType.LOCALDATETIME(3));

    private final SQLDialect dialect;

    EntityDefinitionStore(SQLDialect dialect) {
        this.dialect = dialect;
    }

    /** The newest version of each entity, by name. */
    Map<String, StoredDefinition> current(Connection c) {
        Map<String, StoredDefinition> result = new LinkedHashMap<>();
        List<org.jooq.Condition> newest = sql(c).select(NAME, DSL.max(VERSION)).from(TABLE).groupBy(NAME).fetch()
                .map(r -> NAME.eq(r.value1()).and(VERSION.eq(r.value2())));
        if (newest.isEmpty()) {
            return result;
        }
        sql(c).select(NAME, VERSION, DEFINITION, CHECKSUM, ORIGIN, CHANGED_BY, CHANGED_AT).from(TABLE)
                .where(DSL.or(newest)).orderBy(NAME).fetch().forEach(r -> result.put(r.get(NAME), stored(r)));
        return result;
    }

    /** Every version of one entity, oldest first. */
    List<StoredDefinition> versions(Connection c, String entity) {
        List<StoredDefinition> result = new ArrayList<>();
        sql(c).select(NAME, VERSION, DEFINITION, CHECKSUM, ORIGIN, CHANGED_BY, CHANGED_AT).from(TABLE)
                .where(NAME.eq(entity)).orderBy(VERSION).fetch().forEach(r -> result.add(stored(r)));
        return result;
    }

    /** The checksum of the newest version that came from a file, per entity: what the files said at the last start. */
    Map<String, String> lastFromFiles(Connection c) {
        Map<String, String> result = new LinkedHashMap<>();
        sql(c).select(NAME, CHECKSUM).from(TABLE).where(ORIGIN.startsWith(FILE_ORIGIN)).orderBy(NAME, VERSION)
                .fetch().forEach(r -> result.put(r.get(NAME), r.get(CHECKSUM)));
        return result;
    }

    /** Grows with every change anywhere in the cluster (rows are never deleted). */
    long generation(Connection c) {
        return sql(c).selectCount().from(TABLE).fetchOne(0, Long.class);
    }

    /** Adds a version; a version another node added first fails on the primary key. */
    void insert(Connection c, StoredDefinition definition) {
        sql(c).insertInto(TABLE).set(NAME, definition.name()).set(VERSION, definition.version())
                .set(DEFINITION, definition.document().canonicalJson()).set(CHECKSUM, definition.checksum())
                .set(ORIGIN, definition.origin()).set(CHANGED_BY, definition.changedBy())
                .set(CHANGED_AT, definition.changedAt()).execute();
    }

    private static StoredDefinition stored(Record r) {
        return new StoredDefinition(r.get(NAME), r.get(VERSION), EntityDocument.parse(r.get(DEFINITION)),
                r.get(CHECKSUM), r.get(ORIGIN), r.get(CHANGED_BY), r.get(CHANGED_AT));
    }

    private DSLContext sql(Connection c) {
        return DSL.using(c, dialect);
    }
}
