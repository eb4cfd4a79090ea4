package io.voronka.kernel.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every table and text column of a MariaDB database in utf8mb4, checked at every start. MariaDB's
 * {@code utf8} is utf8mb3, which cannot hold an emoji or any other 4-byte character, and Flowable's
 * MySQL scripts create their tables with it; a database created as latin1 or utf8mb3 does the same to
 * ours. What is not utf8mb4 is converted and logged. H2 stores all text as Unicode: nothing to do.
 */
public final class Utf8mb4Schema {

    /** Flowable's scripts use {@code utf8_bin}: its ids and keys compare case-sensitively; keep that. */
    static final String FLOWABLE_COLLATION = "utf8mb4_bin";
    /** Ours, for a database whose default was not utf8mb4; the collation the README creates it with. */
    static final String DEFAULT_COLLATION = "utf8mb4_unicode_ci";

    private static final Logger LOG = LoggerFactory.getLogger(Utf8mb4Schema.class);

    private Utf8mb4Schema() {
    }

    /** Converts what is not utf8mb4 and returns the tables it converted (empty when all was fine). */
    public static List<String> enforce(Database database) {
        if (database.dialect() == SQLDialect.H2) {
            return List.of();
        }
        return database.withConnection(connection -> {
            DSLContext sql = database.dsl(connection);
            convertDatabaseDefault(sql);
            Map<String, String> targets = tablesToConvert(sql);
            convert(sql, targets);
            return List.copyOf(targets.keySet());
        });
    }

    /** Tables created later (entity tables from the form designer) inherit the database default. */
    private static void convertDatabaseDefault(DSLContext sql) {
        String charset = (String) sql.fetchValue("select default_character_set_name from information_schema.schemata"
                + " where schema_name = database()");
        if (!"utf8mb4".equalsIgnoreCase(charset)) {
            sql.execute("alter database {0} character set utf8mb4 collate " + DEFAULT_COLLATION,
                    DSL.name((String) sql.fetchValue("select database()")));
            LOG.warn("Converted the database default character set from {} to utf8mb4", charset);
        }
    }

    /** Table name to the collation it must be converted to, for each table with a non-utf8mb4 part. */
    private static Map<String, String> tablesToConvert(DSLContext sql) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (Record table : sql.fetch("select table_name, table_collation from information_schema.tables"
                + " where table_schema = database() and table_type = 'BASE TABLE'")) {
            String name = table.get(0, String.class);
            String collation = table.get(1, String.class);
            if (!acceptable(name, collation)) {
                targets.put(name, target(name, collation));
            }
        }
        for (Record column : sql.fetch("select c.table_name, c.collation_name, t.table_collation"
                + " from information_schema.columns c join information_schema.tables t"
                + " on t.table_schema = c.table_schema and t.table_name = c.table_name"
                + " where c.table_schema = database() and t.table_type = 'BASE TABLE' and c.collation_name is not null")) {
            String name = column.get(0, String.class);
            if (!acceptable(name, column.get(1, String.class))) {
                targets.putIfAbsent(name, target(name, column.get(2, String.class)));
            }
        }
        return targets;
    }

    private static boolean flowable(String table) {
        String upper = table.toUpperCase(Locale.ROOT);
        return upper.startsWith("ACT_") || upper.startsWith("FLW_");
    }

    /** Flowable's tables need exactly utf8mb4_bin; ours any utf8mb4 collation (an operator's choice stays). */
    private static boolean acceptable(String table, String collation) {
        if (collation == null) {
            return false;
        }
        return flowable(table) ? FLOWABLE_COLLATION.equalsIgnoreCase(collation)
                : collation.toLowerCase(Locale.ROOT).startsWith("utf8mb4_");
    }

    private static String target(String table, String tableCollation) {
        if (flowable(table)) {
            return FLOWABLE_COLLATION;
        }
        // A table already utf8mb4 keeps its collation; only a lagging column is converted.
        return tableCollation != null && tableCollation.toLowerCase(Locale.ROOT).startsWith("utf8mb4_")
                ? tableCollation : DEFAULT_COLLATION;
    }

    /** A collation is a keyword, not a bind value; only a well-formed utf8mb4 name gets into the statement. */
    private static String collation(String name) {
        if (!name.matches("utf8mb4_[A-Za-z0-9_]+")) {
            throw new IllegalStateException("unexpected collation " + name);
        }
        return name;
    }

    private static void convert(DSLContext sql, Map<String, String> targets) {
        if (targets.isEmpty()) {
            return;
        }
        // MariaDB refuses to change the character set of a key column that a foreign key joins, even
        // with the checks off; the keys between converted tables are dropped and re-added around it.
        List<ForeignKey> keys = foreignKeysTouching(sql, targets.keySet());
        sql.execute("set foreign_key_checks = 0");
        try {
            keys.forEach(key -> sql.execute("alter table {0} drop foreign key {1}", DSL.name(key.table()), DSL.name(key.name())));
            List<String> done = new ArrayList<>();
            for (Map.Entry<String, String> table : targets.entrySet()) {
                sql.execute("alter table {0} convert to character set utf8mb4 collate " + collation(table.getValue()),
                        DSL.name(table.getKey()));
                done.add(table.getKey() + " (" + table.getValue() + ")");
            }
            keys.forEach(key -> key.add(sql));
            // Expected once on a new database (Flowable's own tables); later, only after an upgrade.
            LOG.info("Converted {} tables to utf8mb4: {}", done.size(), String.join(", ", done));
        } finally {
            sql.execute("set foreign_key_checks = 1");
        }
    }

    private static List<ForeignKey> foreignKeysTouching(DSLContext sql, Set<String> tables) {
        List<ForeignKey> keys = new ArrayList<>();
        for (Record row : sql.fetch("select rc.constraint_name, rc.table_name, rc.referenced_table_name,"
                + " rc.delete_rule, rc.update_rule,"
                + " group_concat(k.column_name order by k.ordinal_position separator ','),"
                + " group_concat(k.referenced_column_name order by k.ordinal_position separator ',')"
                + " from information_schema.referential_constraints rc join information_schema.key_column_usage k"
                + " on k.constraint_schema = rc.constraint_schema and k.constraint_name = rc.constraint_name"
                + " and k.table_name = rc.table_name"
                + " where rc.constraint_schema = database()"
                + " group by rc.constraint_name, rc.table_name, rc.referenced_table_name, rc.delete_rule, rc.update_rule")) {
            ForeignKey key = new ForeignKey(row.get(0, String.class), row.get(1, String.class), row.get(2, String.class),
                    row.get(3, String.class), row.get(4, String.class),
                    List.of(row.get(5, String.class).split(",")), List.of(row.get(6, String.class).split(",")));
            if (tables.contains(key.table()) || tables.contains(key.referencedTable())) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** A foreign key as information_schema describes it, re-added exactly as it was. */
    private record ForeignKey(String name, String table, String referencedTable, String onDelete, String onUpdate,
                              List<String> columns, List<String> referencedColumns) {

        private static final Set<String> RULES = Set.of("RESTRICT", "CASCADE", "SET NULL", "NO ACTION", "SET DEFAULT");

        void add(DSLContext sql) {
            sql.execute("alter table {0} add constraint {1} foreign key ({2}) references {3} ({4})"
                            + " on delete " + rule(onDelete) + " on update " + rule(onUpdate),
                    DSL.name(table), DSL.name(name), names(columns), DSL.name(referencedTable), names(referencedColumns));
        }

        private static QueryPart names(List<String> columns) {
            return DSL.list(columns.stream().map(DSL::name).toList());
        }

        private static String rule(String rule) {
            if (!RULES.contains(rule)) {
                throw new IllegalStateException("unexpected foreign key rule " + rule);
            }
            return rule;
        }
    }
}
