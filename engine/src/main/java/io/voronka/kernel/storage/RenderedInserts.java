package io.voronka.kernel.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The inserts every record create makes (its row, its history, its search terms, its event), with
 * their text rendered by jOOQ once per table, columns and row count and then bound and executed as
 * a plain prepared statement. Building and rendering a multi-row insert through jOOQ on every call
 * cost 11% of the CPU of a lead's create over HTTP, more than the database's own work for them.
 * The text is still jOOQ's for the dialect; only the rendering is not repeated, and a failure is
 * jOOQ's DataAccessException carrying the driver's error, as any other query's.
 */
public final class RenderedInserts {

    /** Shapes in use are few (an entity's columns, up to a few hundred history rows); the bound keeps an odd one from staying. */
    private static final Cache<Shape, String> TEXTS = Caffeine.newBuilder().maximumSize(5_000).build();

    private RenderedInserts() {
    }

    /** A table's insert of so many rows of these columns, in one dialect. */
    record Shape(SQLDialect dialect, String table, List<String> columns, int rows) {
    }

    /** Inserts the rows (each value in its column's place); answers the rows inserted. */
    public static int insert(Connection connection, SQLDialect dialect, String table, List<? extends Field<?>> columns,
                             List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(text(dialect, table, columns, rows.size()))) {
            bind(statement, columns, rows);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("insert into " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** Inserts one row and answers the key the database generated for it. */
    public static long insertReturningKey(Connection connection, SQLDialect dialect, String table,
                                          List<? extends Field<?>> columns, Object... row) {
        try (PreparedStatement statement = connection.prepareStatement(text(dialect, table, columns, 1),
                Statement.RETURN_GENERATED_KEYS)) {
            bind(statement, columns, Collections.singletonList(row));
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new DataAccessException("insert into " + table + " returned no generated key");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException("insert into " + table + " failed: " + e.getMessage(), e);
        }
    }

    static String text(SQLDialect dialect, String table, List<? extends Field<?>> columns, int rows) {
        List<String> names = new ArrayList<>(columns.size());
        columns.forEach(column -> names.add(column.getName()));
        return TEXTS.get(new Shape(dialect, table, List.copyOf(names), rows), shape -> {
            List<Field<?>> placeholders = new ArrayList<>(columns.size());
            columns.forEach(column -> placeholders.add(DSL.val(null, column.getDataType())));
            var insert = DSL.using(dialect).insertInto(DSL.table(DSL.name(table)), columns);
            for (int i = 0; i < rows; i++) {
                insert = insert.values(placeholders);
            }
            return insert.getSQL();
        });
    }

    private static void bind(PreparedStatement statement, List<? extends Field<?>> columns, List<Object[]> rows)
            throws SQLException {
        int index = 1;
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException(row.length + " values for " + columns.size() + " columns");
            }
            for (int i = 0; i < row.length; i++) {
                bind(statement, index++, columns.get(i).getDataType(), row[i]);
            }
        }
    }

    /**
     * A value as jOOQ would send it: first converted to its column's Java type (an Integer for a
     * BIGINT column becomes a Long); dates and times as java.time values, which both drivers take
     * without passing them through the JVM's time zone.
     */
    private static void bind(PreparedStatement statement, int index, DataType<?> type, Object value) throws SQLException {
        Object converted = value == null ? null : type.convert(value);
        if (converted == null) {
            statement.setNull(index, type.getSQLType());
        } else {
            statement.setObject(index, converted);
        }
    }
}
