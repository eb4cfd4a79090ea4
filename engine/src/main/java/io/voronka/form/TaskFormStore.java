package io.voronka.form;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The {@code task_form} table: every version of every task form, never rewritten, never deleted. */
final class TaskFormStore {

    static final String FILE_ORIGIN = "file ";
    static final String API_ORIGIN = "api";

    private static final Table<Record> TABLE = table(name("task_form"));
    private static final Field<String> KEY = field(name("form_key"), SQLDataType.VARCHAR);
    private static final Field<Integer> VERSION = field(name("version"), SQLDataType.INTEGER);
    private static final Field<String> DEFINITION = field(name("definition"), SQLDataType.CLOB);
    private static final Field<String> CHECKSUM = field(name("checksum"), SQLDataType.VARCHAR);
    private static final Field<String> ORIGIN = field(name("origin"), SQLDataType.VARCHAR);
    private static final Field<Boolean> DELETED = field(name("deleted"), SQLDataType.BOOLEAN);
    private static final Field<String> CHANGED_BY = field(name("changed_by"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> CHANGED_AT = field(name("changed_at"), SQLDataType.LOCALDATETIME(3));

    private final SQLDialect dialect;

    TaskFormStore(SQLDialect dialect) {
        this.dialect = dialect;
    }

    /** The newest version of each form, deleted ones included, by key. */
    Map<String, StoredTaskForm> current(Connection c) {
        Map<String, StoredTaskForm> result = new LinkedHashMap<>();
        List<Condition> newest = sql(c).select(KEY, DSL.max(VERSION)).from(TABLE).groupBy(KEY).fetch()
                .map(r -> KEY.eq(r.value1()).and(VERSION.eq(r.value2())));
        if (newest.isEmpty()) {
            return result;
        }
        sql(c).select(KEY, VERSION, DEFINITION, CHECKSUM, ORIGIN, DELETED, CHANGED_BY, CHANGED_AT).from(TABLE)
                .where(DSL.or(newest)).orderBy(KEY).fetch().forEach(r -> result.put(r.get(KEY), stored(r)));
        return result;
    }

    /** The checksum of the newest version that came from a file, per form: what the files said at the last start. */
    Map<String, String> lastFromFiles(Connection c) {
        Map<String, String> result = new LinkedHashMap<>();
        sql(c).select(KEY, CHECKSUM).from(TABLE).where(ORIGIN.startsWith(FILE_ORIGIN)).orderBy(KEY, VERSION)
                .fetch().forEach(r -> result.put(r.get(KEY), r.get(CHECKSUM)));
        return result;
    }

    /** Grows with every change anywhere in the cluster (rows are never deleted). */
    long generation(Connection c) {
        return sql(c).selectCount().from(TABLE).fetchOne(0, Long.class);
    }

    /** Adds a version; a version another node added first fails on the primary key. */
    void insert(Connection c, StoredTaskForm form) {
        sql(c).insertInto(TABLE).set(KEY, form.key()).set(VERSION, form.version())
                .set(DEFINITION, form.form().canonicalJson()).set(CHECKSUM, form.checksum())
                .set(ORIGIN, form.origin()).set(DELETED, form.deleted()).set(CHANGED_BY, form.changedBy())
                .set(CHANGED_AT, form.changedAt()).execute();
    }

    private static StoredTaskForm stored(Record r) {
        return new StoredTaskForm(r.get(KEY), r.get(VERSION), FormDefinition.stored(r.get(DEFINITION)), r.get(CHECKSUM),
                r.get(ORIGIN), Boolean.TRUE.equals(r.get(DELETED)), r.get(CHANGED_BY), r.get(CHANGED_AT));
    }

    private DSLContext sql(Connection c) {
        return DSL.using(c, dialect);
    }
}
