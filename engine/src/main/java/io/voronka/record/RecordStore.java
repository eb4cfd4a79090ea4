package io.voronka.record;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import io.voronka.kernel.storage.RenderedInserts;

/**
 * Reads and writes entity rows and their history on a connection the caller controls, so a record
 * change, its history and its domain event always share one transaction.
 */
public final class RecordStore {

    static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    private static final Field<Integer> VERSION = field(name("version"), SQLDataType.INTEGER);
    static final Field<LocalDateTime> CREATED_AT = field(name("created_at"), SQLDataType.LOCALDATETIME);
    static final Field<LocalDateTime> UPDATED_AT = field(name("updated_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> CREATED_BY = field(name("created_by"), SQLDataType.VARCHAR);

    private final SQLDialect dialect;
    private final LinkSets linkSets;

    public RecordStore(SQLDialect dialect) {
        this.dialect = dialect;
        this.linkSets = new LinkSets(dialect);
    }

    DSLContext sql(Connection connection) {
        return DSL.using(connection, dialect);
    }

    public void insert(Connection connection, EntityDefinition entity, RecordData record) {
        Map<Field<?>, Object> row = new LinkedHashMap<>();
        row.put(ID, record.id());
        row.put(VERSION, record.version());
        row.put(CREATED_AT, record.createdAt());
        row.put(UPDATED_AT, record.updatedAt());
        row.put(CREATED_BY, record.createdBy());
        for (FieldDefinition f : entity.fields()) {
            if (f.hasColumn()) {
                FieldColumns.write(f, record.values().get(f.name()), row);
            }
        }
        RenderedInserts.insert(connection, dialect, entity.tableName(), List.copyOf(row.keySet()),
                java.util.Collections.singletonList(row.values().toArray()));
        for (FieldDefinition f : LinkSets.fields(entity)) {
            linkSets.replace(connection, entity, f, record.id(), (List<?>) record.values().get(f.name()));
        }
    }

    /** Applies changes only if the row is still at {@code expectedVersion}; false means someone was first. */
    public boolean update(Connection connection, EntityDefinition entity, String id, int expectedVersion,
                          Map<String, Object> changes, LocalDateTime now) {
        Map<Field<?>, Object> row = new LinkedHashMap<>();
        row.put(VERSION, expectedVersion + 1);
        row.put(UPDATED_AT, now);
        changes.forEach((fieldName, value) -> {
            FieldDefinition f = entity.field(fieldName).orElseThrow();
            if (f.hasColumn()) {
                FieldColumns.write(f, value, row);
            }
        });
        if (sql(connection).update(table(name(entity.tableName()))).set(row)
                .where(ID.eq(id)).and(VERSION.eq(expectedVersion)).execute() != 1) {
            return false;
        }
        changes.forEach((fieldName, value) -> {
            FieldDefinition f = entity.field(fieldName).orElseThrow();
            if (!f.hasColumn()) {
                linkSets.replace(connection, entity, f, id, (List<?>) value);
            }
        });
        return true;
    }

    public boolean delete(Connection connection, EntityDefinition entity, String id, Integer expectedVersion) {
        linkSets.removeAll(connection, entity, id);
        Condition where = ID.eq(id);
        if (expectedVersion != null) {
            where = where.and(VERSION.eq(expectedVersion));
        }
        return sql(connection).deleteFrom(table(name(entity.tableName()))).where(where).execute() == 1;
    }

    /** The record if it exists and meets {@code scope} (an access condition, or no condition). */
    public Optional<RecordData> find(Connection connection, EntityDefinition entity, String id, Condition scope) {
        return sql(connection).select(allColumns(entity)).from(table(name(entity.tableName())))
                .where(ID.eq(id)).and(scope).fetchOptional().map(r -> read(entity, r))
                .map(r -> linkSets.attach(connection, entity, List.of(r)).getFirst());
    }

    public Optional<RecordData> findForUpdate(Connection connection, EntityDefinition entity, String id, Condition scope) {
        holdTable(sql(connection), entity.tableName());
        return sql(connection).select(allColumns(entity)).from(table(name(entity.tableName())))
                .where(ID.eq(id)).and(scope).forUpdate().fetchOptional().map(r -> read(entity, r))
                .map(r -> linkSets.attach(connection, entity, List.of(r)).getFirst());
    }

    /** Up to {@code limit} records matching {@code where}, in {@code sort}'s order (an index range, see RecordSort). */
    public List<RecordData> page(Connection connection, EntityDefinition entity, Condition where, RecordSort sort,
                                 int limit) {
        var query = sql(connection).select(allColumns(entity))
                .from(table(name(entity.tableName()))).where(where).orderBy(sort.orderBy()).limit(limit);
        List<RecordData> rows = dialect.family() == SQLDialect.MARIADB ? firstRowsOnMariaDb(connection, query, entity)
                : query.fetch(r -> read(entity, r));
        return linkSets.attach(connection, entity, rows);
    }

    /**
     * A page is read in its sort index's order, each row's linked-record conditions checked as it
     * comes, until the page is full. MariaDB would otherwise turn {@code EXISTS} into a semi-join that
     * first gathers every matching linked record and sorts all their owners: at a million contacts
     * the newest 50 with a won deal in a window took over 12 s that way and 41 ms this way
     * (benchmarks/README.md). Only for this statement: counts keep the semi-join (and an exact count of
     * one {@code any} reads the linked records alone, see RecordQuery).
     */
    private List<RecordData> firstRowsOnMariaDb(Connection connection, org.jooq.Select<?> query, EntityDefinition entity) {
        String statement = "SET STATEMENT optimizer_switch='exists_to_in=off' FOR " + query.getSQL();
        return sql(connection).resultQuery(statement, query.getBindValues().toArray()).coerce(query.getSelect())
                .fetch(r -> read(entity, r));
    }

    /** How many records match, counting no further than {@code ceiling}: the scan stops there. */
    public int countUpTo(Connection connection, EntityDefinition entity, Condition where, int ceiling) {
        DSLContext sql = sql(connection);
        return sql.selectCount().from(sql.selectOne().from(table(name(entity.tableName()))).where(where)
                .limit(ceiling).asTable("matching")).fetchOne(0, int.class);
    }

    /** Up to {@code limit} records after {@code afterId} (null: from the first) in id order, locked until commit. */
    List<RecordData> batchForUpdate(Connection connection, EntityDefinition entity, String afterId, int limit) {
        holdTable(sql(connection), entity.tableName());
        return sql(connection).select(allColumns(entity)).from(table(name(entity.tableName())))
                .where(afterId == null ? DSL.noCondition() : ID.gt(afterId))
                .orderBy(ID.asc()).limit(limit).forUpdate().fetch(r -> read(entity, r));
    }

    /**
     * On H2, before rows of {@code table} are locked: takes the table's shared lock until commit,
     * which H2 takes for writes but not for {@code SELECT ... FOR UPDATE}. Without it a column added
     * meanwhile (H2 rebuilds a small table in place, and swaps a large one for its shadow copy, see
     * OnlineDdl; both wait only for table locks) dropped the table's storage under the open
     * transaction, and its commit then broke the whole database ("MVMap.getKeyType() ... is null",
     * seen with the search backfill at a million contacts). With it the rebuild waits for the
     * commit, as it waits for writers. An update that matches no row takes the lock and changes nothing.
     */
    static void holdTable(DSLContext sql, String table) {
        if (sql.dialect().family() == SQLDialect.H2) {
            sql.update(table(name(table))).set(ID, ID).where(DSL.falseCondition()).execute();
        }
    }

    /** Up to {@code limit} ids of matching records in id order (the primary key: one index range). */
    public List<String> ids(Connection connection, EntityDefinition entity, Condition where, int limit) {
        return sql(connection).select(ID).from(table(name(entity.tableName()))).where(where)
                .orderBy(ID.asc()).limit(limit).fetch(ID);
    }

    /** How many records match, exactly: one count over the same condition a page reads by. */
    public long count(Connection connection, EntityDefinition entity, Condition where) {
        return sql(connection).selectCount().from(table(name(entity.tableName()))).where(where).fetchOne(0, long.class);
    }

    /** The number a count query gives (one row, one column). */
    public long count(Connection connection, org.jooq.Select<? extends org.jooq.Record1<Integer>> counting) {
        return sql(connection).fetchValue(counting).longValue();
    }

    /** Matching records per value of {@code column} (null for empty), one grouped count. */
    public Map<Object, Long> countBy(Connection connection, EntityDefinition entity, Field<?> column, Condition where) {
        Map<Object, Long> counts = new LinkedHashMap<>();
        sql(connection).select(column, DSL.count()).from(table(name(entity.tableName()))).where(where)
                .groupBy(column).fetch().forEach(r -> counts.merge(r.value1(), (long) r.value2(), Long::sum));
        return counts;
    }

    public boolean exists(Connection connection, EntityDefinition entity, String id) {
        return exists(connection, entity, id, DSL.noCondition());
    }

    public boolean exists(Connection connection, EntityDefinition entity, String id, Condition scope) {
        return sql(connection).fetchExists(table(name(entity.tableName())), ID.eq(id).and(scope));
    }

    /** Which of these ids exist and meet {@code scope}. */
    public Set<String> existing(Connection connection, EntityDefinition entity, Collection<String> ids, Condition scope) {
        return new HashSet<>(sql(connection).select(ID).from(table(name(entity.tableName())))
                .where(ID.in(ids)).and(scope).fetch(ID));
    }

    /**
     * The column naming a record's responsible user: the entity's first user field (contact and
     * deal: responsible_manager), qualified by its table so it stays unambiguous beside subqueries.
     */
    public Optional<Field<String>> owner(EntityDefinition entity) {
        return owner(entity, name(entity.tableName()));
    }

    /** The responsible-user column of the entity's table under an alias, as a filter's subquery names it. */
    public Optional<Field<String>> owner(EntityDefinition entity, org.jooq.Name table) {
        return entity.fields().stream().filter(f -> f.type() == FieldType.USER).findFirst()
                .map(f -> field(name(table, name(f.name())), SQLDataType.VARCHAR));
    }

    /** One condition per equality filter, each exact to the byte on both databases. */
    List<Condition> conditions(EntityDefinition entity, Map<String, Object> filters) {
        List<Condition> conditions = new ArrayList<>();
        filters.forEach((fieldName, value) -> {
            FieldDefinition definition = entity.field(fieldName).orElseThrow();
            @SuppressWarnings("unchecked")
            Field<Object> column = (Field<Object>) column(definition);
            if (value == null) {
                conditions.add(column.isNull());
            } else if (value instanceof io.voronka.kernel.field.Money money) {
                conditions.add(column.eq(money.amount()));
            } else if (value instanceof io.voronka.kernel.field.OptionSet chosen) {
                // ?tags=vip asks for records that have the option among theirs.
                chosen.values().forEach(option -> conditions.add(DSL.field(DSL.name(fieldName), SQLDataType.VARCHAR)
                        .contains(io.voronka.kernel.field.OptionSet.SEPARATOR + option + io.voronka.kernel.field.OptionSet.SEPARATOR)));
            } else if (value instanceof String text && dialect.family() == SQLDialect.MARIADB) {
                // MariaDB's usual collations ignore case and trailing spaces; the index narrows, bytes decide.
                conditions.add(column.eq(text).and(DSL.cast(column, SQLDataType.VARBINARY)
                        .eq(DSL.cast(DSL.val(text), SQLDataType.VARBINARY))));
            } else {
                conditions.add(column.eq(value));
            }
        });
        return conditions;
    }

    private static List<Field<?>> allColumns(EntityDefinition entity) {
        List<Field<?>> columns = new ArrayList<>(List.of(ID, VERSION, CREATED_AT, UPDATED_AT, CREATED_BY));
        entity.fields().stream().filter(FieldDefinition::hasColumn).forEach(f -> columns.addAll(FieldColumns.all(f)));
        return columns;
    }

    LinkSets linkSets() {
        return linkSets;
    }

    static Field<?> column(FieldDefinition f) {
        return FieldColumns.main(f);
    }

    private static RecordData read(EntityDefinition entity, Record row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldDefinition f : entity.fields()) {
            // Link sets are attached after the read: see LinkSets.attach.
            values.put(f.name(), f.hasColumn() ? FieldColumns.read(f.withDefaultCurrency(entity.currency()), row) : List.of());
        }
        return new RecordData(row.get(ID), entity.name(), row.get(VERSION), row.get(CREATED_AT),
                row.get(UPDATED_AT), row.get(CREATED_BY), values);
    }

    // History

    private static final Field<String> H_ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> H_RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Field<String> H_ACTOR = field(name("actor"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> H_AT = field(name("changed_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> H_FIELD = field(name("field"), SQLDataType.VARCHAR);
    private static final Field<String> H_OLD = field(name("old_value"), SQLDataType.VARCHAR);
    private static final Field<String> H_NEW = field(name("new_value"), SQLDataType.VARCHAR);
    private static final Field<Long> H_ID = field(name("id"), SQLDataType.BIGINT);
    private static final List<Field<?>> HISTORY_COLUMNS = List.of(H_ENTITY, H_RECORD, VERSION, H_ACTOR, H_AT, H_FIELD,
            H_OLD, H_NEW);

    public void appendHistory(Connection connection, String entity, String recordId, List<FieldChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(changes.size());
        for (FieldChange c : changes) {
            rows.add(new Object[] {entity, recordId, c.version(), c.actor(), c.at(), c.field(),
                    clip(c.oldValue()), clip(c.newValue())});
        }
        RenderedInserts.insert(connection, dialect, "record_history", HISTORY_COLUMNS, rows);
    }

    public List<FieldChange> history(Connection connection, String entity, String recordId) {
        return sql(connection).select(VERSION, H_ACTOR, H_AT, H_FIELD, H_OLD, H_NEW)
                .from(table(name("record_history")))
                .where(H_ENTITY.eq(entity)).and(H_RECORD.eq(recordId))
                .orderBy(H_ID.asc())
                .fetch(r -> new FieldChange(r.get(VERSION), r.get(H_ACTOR), r.get(H_AT), r.get(H_FIELD),
                        r.get(H_OLD), r.get(H_NEW)));
    }

    private static String clip(String value) {
        return value == null || value.length() <= 4000 ? value : value.substring(0, 4000);
    }
}
