package io.voronka.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An H2 table as its INFORMATION_SCHEMA describes it: columns with their declared types, keys,
 * the indexes made with CREATE INDEX, its foreign keys and the foreign keys of other tables that
 * point at it. Read from the database rather than from the entity definition because a table keeps
 * columns its definition no longer has (columns are never dropped automatically), and keys and
 * indexes come from several places (links, unique fields, sort and composite indexes, link tables).
 * Indexes H2 made by itself (behind a key) are left out: declaring the key makes them again.
 */
record H2TableShape(String table, List<Column> columns, List<Key> keys, List<Index> indexes,
                    List<ForeignKey> foreignKeys, List<ForeignKey> referencedBy, boolean hasChecks) {

    record Column(String name, String type, boolean nullable, String defaultExpression) {
        String ddl() {
            return H2TableShape.quote(name) + " " + type + (defaultExpression == null ? "" : " DEFAULT " + defaultExpression)
                    + (nullable ? "" : " NOT NULL");
        }
    }

    /** A primary key or unique constraint. */
    record Key(String name, boolean primary, List<String> columns) {
    }

    /** {@code columns} as declared, each with its order ("name" ASC/DESC). */
    record Index(String name, boolean unique, List<String> columns) {
        String ddl(String indexName, String onTable) {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + quote(indexName) + " ON " + quote(onTable)
                    + "(" + String.join(", ", columns) + ")";
        }
    }

    /** {@code index}: the index on the referencing columns the key uses (H2 makes one when the key comes first). */
    record ForeignKey(String name, String table, List<String> columns, String referencedTable,
                      List<String> referencedColumns, String updateRule, String deleteRule, String index) {
        /**
         * The statement that declares this key on {@code onTable} pointing at {@code target}, unchecked
         * (NOCHECK: the rows already satisfy it), reusing {@code index} if not null: H2 would otherwise
         * build a new index over the whole referencing table (5.9 s with writers paused for 300,000 deals).
         */
        String ddl(String constraintName, String onTable, String target, String index) {
            return "ALTER TABLE " + quote(onTable) + " ADD CONSTRAINT " + quote(constraintName) + " FOREIGN KEY ("
                    + quoted(columns) + ")" + (index == null ? "" : " INDEX " + quote(index)) + " REFERENCES "
                    + quote(target) + "(" + quoted(referencedColumns) + ")"
                    + rule("UPDATE", updateRule) + rule("DELETE", deleteRule) + " NOCHECK";
        }

        private static String rule(String on, String rule) {
            return rule == null || rule.equals("RESTRICT") || rule.equals("NO ACTION") ? "" : " ON " + on + " " + rule;
        }
    }

    static H2TableShape read(Connection connection, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = query(connection, """
                select COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE,
                       DATETIME_PRECISION, IS_NULLABLE, COLUMN_DEFAULT
                from INFORMATION_SCHEMA.COLUMNS where TABLE_SCHEMA = SCHEMA() and TABLE_NAME = ? order by ORDINAL_POSITION""", table)) {
            while (rs.next()) {
                columns.add(new Column(rs.getString(1), type(rs), "YES".equals(rs.getString(7)), rs.getString(8)));
            }
        }
        Map<String, String> constraintTypes = new LinkedHashMap<>();
        try (ResultSet rs = query(connection, """
                select CONSTRAINT_NAME, CONSTRAINT_TYPE from INFORMATION_SCHEMA.TABLE_CONSTRAINTS
                where TABLE_SCHEMA = SCHEMA() and TABLE_NAME = ? order by CONSTRAINT_NAME""", table)) {
            while (rs.next()) {
                constraintTypes.put(rs.getString(1), rs.getString(2));
            }
        }
        List<Key> keys = new ArrayList<>();
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (var constraint : constraintTypes.entrySet()) {
            switch (constraint.getValue()) {
                case "PRIMARY KEY", "UNIQUE" -> keys.add(new Key(constraint.getKey(),
                        constraint.getValue().equals("PRIMARY KEY"), constraintColumns(connection, constraint.getKey())));
                case "FOREIGN KEY" -> foreignKeys.add(foreignKey(connection, constraint.getKey()));
                default -> { }
            }
        }
        List<Index> indexes = new ArrayList<>();
        try (ResultSet rs = query(connection, """
                select i.INDEX_NAME, i.INDEX_TYPE_NAME, c.COLUMN_NAME, c.ORDERING_SPECIFICATION
                from INFORMATION_SCHEMA.INDEXES i join INFORMATION_SCHEMA.INDEX_COLUMNS c
                  on c.INDEX_SCHEMA = i.INDEX_SCHEMA and c.INDEX_NAME = i.INDEX_NAME
                where i.TABLE_SCHEMA = SCHEMA() and i.TABLE_NAME = ? and i.IS_GENERATED = FALSE
                order by i.INDEX_NAME, c.ORDINAL_POSITION""", table)) {
            Map<String, Index> byName = new LinkedHashMap<>();
            while (rs.next()) {
                Index index = byName.computeIfAbsent(rs.getString(1),
                        n -> new Index(n, rsString(rs, 2).startsWith("UNIQUE"), new ArrayList<>()));
                index.columns().add(quote(rs.getString(3)) + ("DESC".equals(rs.getString(4)) ? " DESC" : ""));
            }
            indexes.addAll(byName.values());
        }
        List<ForeignKey> referencedBy = new ArrayList<>();
        try (ResultSet rs = query(connection, """
                select r.CONSTRAINT_NAME from INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r
                join INFORMATION_SCHEMA.TABLE_CONSTRAINTS k
                  on k.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA and k.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME
                where r.CONSTRAINT_SCHEMA = SCHEMA() and k.TABLE_NAME = ? order by r.CONSTRAINT_NAME""", table)) {
            while (rs.next()) {
                ForeignKey key = foreignKey(connection, rs.getString(1));
                if (!key.table().equals(table)) {
                    referencedBy.add(key);
                }
            }
        }
        return new H2TableShape(table, columns, keys, indexes, foreignKeys, referencedBy,
                constraintTypes.containsValue("CHECK"));
    }

    /** The declared type as H2 takes it back in CREATE TABLE. */
    private static String type(ResultSet rs) throws SQLException {
        String type = rs.getString(2);
        return switch (type) {
            case "CHARACTER VARYING", "CHARACTER", "BINARY VARYING", "BINARY" -> type + "(" + rs.getLong(3) + ")";
            case "NUMERIC", "DECIMAL" -> type + "(" + rs.getInt(4) + ", " + rs.getInt(5) + ")";
            case "TIMESTAMP", "TIME", "TIMESTAMP WITH TIME ZONE", "TIME WITH TIME ZONE" -> {
                String precision = "(" + rs.getInt(6) + ")";
                yield type.startsWith("TIMESTAMP") ? "TIMESTAMP" + precision + type.substring("TIMESTAMP".length())
                        : "TIME" + precision + type.substring("TIME".length());
            }
            default -> type; // INTEGER, BIGINT, BOOLEAN, DATE, CHARACTER LARGE OBJECT, ...: no size to give
        };
    }

    private static List<String> constraintColumns(Connection connection, String constraint) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = query(connection, """
                select COLUMN_NAME from INFORMATION_SCHEMA.KEY_COLUMN_USAGE
                where CONSTRAINT_SCHEMA = SCHEMA() and CONSTRAINT_NAME = ? order by ORDINAL_POSITION""", constraint)) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static ForeignKey foreignKey(Connection connection, String constraint) throws SQLException {
        try (ResultSet rs = query(connection, """
                select f.TABLE_NAME, k.TABLE_NAME, r.UNIQUE_CONSTRAINT_NAME, r.UPDATE_RULE, r.DELETE_RULE, f.INDEX_NAME
                from INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r
                join INFORMATION_SCHEMA.TABLE_CONSTRAINTS f
                  on f.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA and f.CONSTRAINT_NAME = r.CONSTRAINT_NAME
                join INFORMATION_SCHEMA.TABLE_CONSTRAINTS k
                  on k.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA and k.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME
                where r.CONSTRAINT_SCHEMA = SCHEMA() and r.CONSTRAINT_NAME = ?""", constraint)) {
            rs.next();
            // Referenced columns in the order of the key they point at, as the referencing columns are.
            return new ForeignKey(constraint, rs.getString(1), constraintColumns(connection, constraint), rs.getString(2),
                    constraintColumns(connection, rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6));
        }
    }

    static boolean exists(Connection connection, String table) throws SQLException {
        try (ResultSet rs = query(connection, "select 1 from INFORMATION_SCHEMA.TABLES where TABLE_SCHEMA = SCHEMA() and TABLE_NAME = ?",
                table)) {
            return rs.next();
        }
    }

    private static ResultSet query(Connection connection, String sql, String parameter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setString(1, parameter);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }

    private static String rsString(ResultSet rs, int column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String quoted(List<String> identifiers) {
        return String.join(", ", identifiers.stream().map(H2TableShape::quote).toList());
    }
}
