package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * History entries with their ids, as the card's timeline pages through them and a restore names
 * one. Reads only: the entries are written with their record by {@link RecordWriter}. The caller
 * has checked that the actor may read the record.
 */
public final class RecordHistory {

    /** A stored history entry: its id (what a restore names), its record and the change. */
    public record Entry(long id, String entity, String recordId, FieldChange change) {

        /** The entry marking the record's deletion, restore, or another whole-record event. */
        public boolean wholeRecord() {
            return change.field().startsWith("(");
        }
    }

    /** The field name history uses for whole-record events (deleted, restored). */
    public static final String RECORD_MARK = "(record)";

    private static final Table<?> HISTORY = table(name("record_history"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Field<Integer> VERSION = field(name("version"), SQLDataType.INTEGER);
    private static final Field<String> ACTOR = field(name("actor"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> AT = field(name("changed_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> FIELD = field(name("field"), SQLDataType.VARCHAR);
    private static final Field<String> OLD = field(name("old_value"), SQLDataType.VARCHAR);
    private static final Field<String> NEW = field(name("new_value"), SQLDataType.VARCHAR);

    private final SQLDialect dialect;

    public RecordHistory(SQLDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Up to {@code limit} entries of a record at or before {@code atOrBefore} (null: from the
     * newest), newest first: one range of the (entity, record_id, changed_at) index. With
     * {@code withoutCreation}, the entries of the create (version 1) are left out.
     */
    public List<Entry> newestFirst(Connection connection, String entity, String recordId, LocalDateTime atOrBefore,
                                   int limit, boolean withoutCreation) {
        return sql(connection).select(ID, ENTITY, RECORD, VERSION, ACTOR, AT, FIELD, OLD, NEW).from(HISTORY)
                .where(ENTITY.eq(entity)).and(RECORD.eq(recordId))
                .and(atOrBefore == null ? DSL.noCondition() : AT.le(atOrBefore))
                .and(withoutCreation ? VERSION.gt(1) : DSL.noCondition())
                .orderBy(AT.desc(), ID.desc()).limit(limit).fetch(RecordHistory::entry);
    }

    public Optional<Entry> find(Connection connection, long id) {
        return sql(connection).select(ID, ENTITY, RECORD, VERSION, ACTOR, AT, FIELD, OLD, NEW).from(HISTORY)
                .where(ID.eq(id)).fetchOptional(RecordHistory::entry);
    }

    private static Entry entry(Record r) {
        return new Entry(r.get(ID), r.get(ENTITY), r.get(RECORD), new FieldChange(r.get(VERSION), r.get(ACTOR), r.get(AT),
                r.get(FIELD), r.get(OLD), r.get(NEW)));
    }

    private DSLContext sql(Connection connection) {
        return DSL.using(connection, dialect);
    }
}
