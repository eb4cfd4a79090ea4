package io.voronka.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.h2.api.Trigger;

/**
 * H2 calls this after each row a writer inserts, updates or deletes in a table being rebuilt
 * ({@link ShadowRebuild}) and it makes the same change to the table's shadow, on the writer's own
 * connection, so the shadow's row commits or rolls back with the writer's transaction. The shadow
 * has the table's columns in the same order, then the new ones, which stay empty here.
 */
public final class ShadowMirror implements Trigger {

    private String merge;
    private String delete;
    private int id;

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select COLUMN_NAME from INFORMATION_SCHEMA.COLUMNS
                where TABLE_SCHEMA = ? and TABLE_NAME = ? order by ORDINAL_POSITION""")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        id = columns.indexOf(ShadowRebuild.KEY);
        String shadow = H2TableShape.quote(schema) + "." + H2TableShape.quote(ShadowRebuild.shadowOf(table));
        merge = "MERGE INTO " + shadow + " (" + H2TableShape.quoted(columns) + ") KEY (" + H2TableShape.quote(ShadowRebuild.KEY) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        delete = "DELETE FROM " + shadow + " WHERE " + H2TableShape.quote(ShadowRebuild.KEY) + " = ?";
    }

    /** H2's code for a table that is not there: the shadow, once the swap renamed it to the table's name. */
    private static final int TABLE_NOT_FOUND = 42102;

    /**
     * A write that began on the old table just before the swap reaches this trigger after the shadow
     * took the table's name. Its transaction rolls back with nothing changed; it is refused as busy
     * (the HTTP edge answers 503 with Retry-After, and the console sends it again) rather than as a
     * failure, since sent again it lands in the rebuilt table.
     */
    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        try {
            mirror(connection, oldRow, newRow);
        } catch (SQLException e) {
            if (e.getErrorCode() == TABLE_NOT_FOUND) {
                throw new java.sql.SQLTimeoutException("the table was rebuilt under this write; nothing was changed, send it again", e);
            }
            throw e;
        }
    }

    private void mirror(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (oldRow != null && (newRow == null || !oldRow[id].equals(newRow[id]))) {
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                statement.setObject(1, oldRow[id]);
                statement.executeUpdate();
            }
        }
        if (newRow != null) {
            try (PreparedStatement statement = connection.prepareStatement(merge)) {
                for (int i = 0; i < newRow.length; i++) {
                    statement.setObject(i + 1, newRow[i]);
                }
                statement.executeUpdate();
            }
        }
    }
}
