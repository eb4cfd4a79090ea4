package io.voronka.record;

import static io.voronka.record.H2TableShape.quote;
import static io.voronka.record.H2TableShape.quoted;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes a populated H2 table while its writers go on. H2 adds a column by copying the whole
 * table with the table locked (minutes at a million rows), so instead: a shadow table
 * {@code <table>__new} gets the table's shape plus the changes asked for, a trigger
 * ({@link ShadowMirror}) repeats every write to the table in the shadow within the writer's
 * transaction, the rows are copied over in short batches by primary key, and a brief swap in H2's
 * exclusive mode puts the shadow in the table's place. No entity table ends in {@code __new} or
 * {@code __old}: entity names are lower-case words joined by single underscores.
 *
 * <p>A batch locks its rows ({@code FOR UPDATE}, after the table's shared lock as
 * {@link RecordStore#holdTable} explains) before it writes them to the shadow, so a writer changing
 * one of them either waits for the batch or is mirrored after it: the shadow never keeps an older
 * value. The swap gives each foreign key of another table that points at the table an unchecked twin
 * pointing at the shadow (the rows met the key a moment before, and nobody wrote since) on the key's
 * own index, drops the key, renames, and gives the twins the keys' names. Before it changes anything
 * it writes those keys into the shadow's comment, which moves with the rename; so a crash at any step
 * leaves something {@link #recover} can finish or undo at the next start.
 */
final class ShadowRebuild {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowRebuild.class);

    static final String KEY = "id";
    private static final String TEMPORARY = "__new";
    private static final String PLAN = "voronka: foreign keys to add back after the swap\n";
    static final int BATCH = 500;

    /**
     * Work that needs the table to itself: run with the other sessions paused, tried again while one
     * holds the table (each step first checks that none does, {@link #refuseIfHeld}).
     */
    interface Exclusively {
        void run(String what, List<String> tables, Step step);
    }

    interface Step {
        void run() throws SQLException;
    }

    private final String table;
    private final List<String> changes = new ArrayList<>();
    private final Consumer<String> issued;
    /** Whether the shadow took the table's place: from then on, a stop is finished, not undone. */
    private boolean swapped;

    ShadowRebuild(String table, Consumer<String> issued) {
        this.table = table;
        this.issued = issued;
    }

    static String shadowOf(String table) {
        return table + TEMPORARY;
    }

    static String oldOf(String table) {
        return table + "__old";
    }

    static String mirrorOf(String table) {
        return table + "__mirror";
    }

    /** The name an index or constraint has on the shadow until the swap. */
    static String temporary(String name) {
        return name + TEMPORARY;
    }

    String shadow() {
        return shadowOf(table);
    }

    /** A statement on the (still empty) shadow, made after it has the table's shape. */
    void change(String statement) {
        changes.add(statement);
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    void run(Connection connection, Exclusively exclusively) throws SQLException {
        H2TableShape shape = H2TableShape.read(connection, table);
        if (shape.hasChecks()) {
            throw new IllegalStateException(table + " has check constraints the shadow would not copy");
        }
        long started = System.nanoTime();
        try {
            build(connection, shape);
            exclusively.run("install the mirror of " + table, List.of(table), () -> execute(connection, "CREATE TRIGGER "
                    + quote(mirrorOf(table)) + " AFTER INSERT, UPDATE, DELETE ON " + quote(table) + " FOR EACH ROW CALL '"
                    + ShadowMirror.class.getName() + "'"));
            long rows = copy(connection, shape);
            List<String> tables = new ArrayList<>(List.of(table, shadow()));
            shape.referencedBy().forEach(key -> tables.add(key.table()));
            exclusively.run("swap " + table + " for its shadow", tables, () -> swap(connection, shape));
            LOG.info("{} rebuilt through its shadow: {} rows copied in {} ms", table, rows, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | SQLException e) {
            LOG.warn("the rebuild of {} stopped ({}); {}", table, e.getMessage(),
                    swapped ? "finishing the swap" : "putting the table back as it was");
            connection.rollback();
            exclusively.run("undo the rebuild of " + table, List.of(table, shadow(), oldOf(table)), () -> recover(connection, table));
            if (swapped) {
                LOG.info("{} rebuilt through its shadow; the swap was finished after: {}", table, e.getMessage());
                return;
            }
            throw e;
        }
    }

    private void build(Connection connection, H2TableShape shape) throws SQLException {
        List<String> definitions = new ArrayList<>(shape.columns().stream().map(H2TableShape.Column::ddl).toList());
        for (H2TableShape.Key key : shape.keys()) {
            definitions.add("CONSTRAINT " + quote(temporary(key.name())) + (key.primary() ? " PRIMARY KEY (" : " UNIQUE (")
                    + quoted(key.columns()) + ")");
        }
        execute(connection, "CREATE TABLE " + quote(shadow()) + " (" + String.join(", ", definitions) + ")");
        for (H2TableShape.Index index : shape.indexes()) {
            execute(connection, index.ddl(temporary(index.name()), shadow()));
        }
        for (H2TableShape.ForeignKey key : shape.foreignKeys()) {
            String target = key.referencedTable().equals(table) ? shadow() : key.referencedTable();
            execute(connection, key.ddl(temporary(key.name()), shadow(), target, null));
        }
        for (String change : changes) {
            issued.accept(change);
            execute(connection, change);
        }
    }

    /**
     * Every row, a batch per transaction in primary-key order; returns how many. A batch is a key
     * range, its upper end found first without locking: H2 locks every row the condition matches
     * before it applies a LIMIT, so {@code id > ? ... LIMIT n FOR UPDATE} locked (and took the time
     * of) the whole rest of the table each time (96 s instead of 2.4 s for 100,000 rows).
     */
    private long copy(Connection connection, H2TableShape shape) throws SQLException {
        List<String> columns = shape.columns().stream().map(H2TableShape.Column::name).toList();
        String id = quote(KEY);
        String upperEnd = "SELECT " + id + " FROM " + quote(table) + " WHERE " + id + " > ? ORDER BY " + id
                + " OFFSET " + (BATCH - 1) + " ROWS FETCH NEXT 1 ROW ONLY";
        String select = "SELECT " + quoted(columns) + " FROM " + quote(table) + " WHERE " + id + " > ?";
        String merge = "MERGE INTO " + quote(shadow()) + " (" + quoted(columns) + ") KEY (" + id + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        String hold = "UPDATE " + quote(table) + " SET " + id + " = " + id + " WHERE FALSE";
        String after = "";
        long copied = 0;
        for (int attempt = 1; ; ) {
            int rows = 0;
            String upper;
            try (Statement holdTable = connection.createStatement();
                 PreparedStatement ending = connection.prepareStatement(upperEnd);
                 PreparedStatement writing = connection.prepareStatement(merge)) {
                holdTable.executeUpdate(hold);
                ending.setString(1, after);
                try (ResultSet rs = ending.executeQuery()) {
                    upper = rs.next() ? rs.getString(1) : null; // null: the rest is less than a batch
                }
                try (PreparedStatement reading = connection.prepareStatement(select
                        + (upper == null ? "" : " AND " + id + " <= ?") + " ORDER BY " + id + " FOR UPDATE")) {
                    reading.setString(1, after);
                    if (upper != null) {
                        reading.setString(2, upper);
                    }
                    try (ResultSet rs = reading.executeQuery()) {
                        while (rs.next()) {
                            for (int i = 1; i <= columns.size(); i++) {
                                writing.setObject(i, rs.getObject(i));
                            }
                            writing.addBatch();
                            rows++;
                        }
                    }
                }
                if (rows > 0) {
                    writing.executeBatch();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (!OnlineDdl.lockTimeout(e) || attempt++ == OnlineDdl.ATTEMPTS) {
                    throw e;
                }
                continue; // a writer held a row of the batch for longer than the lock wait: the batch again
            }
            copied += rows;
            attempt = 1;
            if (upper == null) {
                // The last batch locked every row past the previous one, those inserted meanwhile too:
                // any inserted after it are the trigger's.
                return copied;
            }
            after = upper;
        }
    }

    private void swap(Connection connection, H2TableShape shape) throws SQLException {
        try {
            execute(connection, "COMMENT ON TABLE " + quote(shadow()) + " IS '" + plan(table, shape.referencedBy()).replace("'", "''") + "'");
            // The mirror stays on the old table until it is dropped with it: a writer's statement that
            // got past the exclusive mode before it began (and so past the check) and reaches the old
            // table after the renames fails in the mirror (no table of the shadow's name) and is
            // refused, instead of writing a row into a table about to be dropped.
            // Each key of another table gets a twin pointing at the shadow before it is dropped, on the same
            // index: dropping the key hands the index to the twin instead of dropping it with the key.
            for (H2TableShape.ForeignKey key : shape.referencedBy()) {
                execute(connection, key.ddl(temporary(key.name()), key.table(), shadow(), key.index()));
            }
            for (H2TableShape.ForeignKey key : shape.referencedBy()) {
                execute(connection, "ALTER TABLE " + quote(key.table()) + " DROP CONSTRAINT " + quote(key.name()));
            }
            execute(connection, "ALTER TABLE " + quote(table) + " RENAME TO " + quote(oldOf(table)));
            execute(connection, "ALTER TABLE " + quote(shadow()) + " RENAME TO " + quote(table));
            swapped = true;
            execute(connection, "DROP TABLE " + quote(oldOf(table)));
            finish(connection, table);
        } catch (SQLException e) {
            // Not to be tried again as a lock timeout would be: the caller's recover() finishes or undoes it.
            throw new SQLException("the swap of " + table + " stopped halfway: " + e.getMessage(), e.getSQLState(), 0);
        }
    }

    /**
     * The keys of other tables that point at {@code table}, one a line after a header: its name, its
     * table, and the statement that adds it back (without its index, which may be gone by then).
     */
    static String plan(String table, List<H2TableShape.ForeignKey> referencedBy) {
        StringBuilder plan = new StringBuilder(PLAN);
        referencedBy.forEach(key -> plan.append(key.name()).append('\t').append(key.table()).append('\t')
                .append(key.ddl(key.name(), key.table(), table, null)).append('\n'));
        return plan.toString();
    }

    /**
     * A step begins only when no other session holds a lock on the tables it changes (checked once
     * before the others are paused, so a busy moment costs them nothing, and again after): paused
     * then, they cannot take one, so no step waits and times out halfway. Otherwise it reports a lock
     * timeout, and the caller lets the others go on and tries again.
     */
    static void refuseIfHeld(Connection connection, List<String> tables) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select TABLE_NAME from INFORMATION_SCHEMA.LOCKS
                where SESSION_ID <> SESSION_ID() and TABLE_SCHEMA = SCHEMA() and TABLE_NAME = any(?)""")) {
            statement.setArray(1, connection.createArrayOf("VARCHAR", tables.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    throw new SQLException("another transaction holds " + rs.getString(1), "HYT00", OnlineDdl.H2_LOCK_TIMEOUT);
                }
            }
        }
    }

    /**
     * Leaves {@code table} whole after a rebuild stopped anywhere (a crash, a failed step): before the
     * renames the shadow is dropped and the table is as it was (the change was never acknowledged, and
     * can be asked for again); after them the shadow is the table and the swap is finished. Either way
     * the foreign keys the swap dropped are added back.
     */
    static void recover(Connection connection, String table) throws SQLException {
        execute(connection, "DROP TRIGGER IF EXISTS " + quote(mirrorOf(table)));
        if (!H2TableShape.exists(connection, table) && H2TableShape.exists(connection, oldOf(table))) {
            execute(connection, "ALTER TABLE " + quote(oldOf(table)) + " RENAME TO " + quote(table));
        }
        if (H2TableShape.exists(connection, shadowOf(table))) {
            String plan = comment(connection, shadowOf(table));
            // CASCADE: with the twins of other tables' keys that already point at it.
            execute(connection, "DROP TABLE " + quote(shadowOf(table)) + " CASCADE");
            addBack(connection, plan);
        }
        if (H2TableShape.exists(connection, oldOf(table))) {
            execute(connection, "DROP TABLE " + quote(oldOf(table)));
        }
        if (H2TableShape.exists(connection, table)) {
            finish(connection, table);
        }
    }

    /** Whether an interrupted rebuild left anything behind for {@code table}. */
    static boolean interrupted(Connection connection, String table) throws SQLException {
        return H2TableShape.exists(connection, shadowOf(table)) || H2TableShape.exists(connection, oldOf(table))
                || (H2TableShape.exists(connection, table) && comment(connection, table) != null)
                || !temporaryNames(connection, table).isEmpty() || triggerExists(connection, table);
    }

    /** The table that was the shadow takes its indexes' and keys' own names and gets back the keys pointing at it. */
    private static void finish(Connection connection, String table) throws SQLException {
        for (String[] named : temporaryNames(connection, table)) {
            String real = named[1].substring(0, named[1].length() - TEMPORARY.length());
            execute(connection, named[0].equals("index") ? "ALTER INDEX " + quote(named[1]) + " RENAME TO " + quote(real)
                    : "ALTER TABLE " + quote(table) + " RENAME CONSTRAINT " + quote(named[1]) + " TO " + quote(real));
        }
        String plan = comment(connection, table);
        if (plan != null) {
            addBack(connection, plan);
            execute(connection, "COMMENT ON TABLE " + quote(table) + " IS NULL");
        }
    }

    private static List<String[]> temporaryNames(Connection connection, String table) throws SQLException {
        List<String[]> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select 'index', INDEX_NAME from INFORMATION_SCHEMA.INDEXES
                where TABLE_SCHEMA = SCHEMA() and TABLE_NAME = ? and IS_GENERATED = FALSE and INDEX_NAME like '%\\_\\_new' escape '\\'
                union all
                select 'constraint', CONSTRAINT_NAME from INFORMATION_SCHEMA.TABLE_CONSTRAINTS
                where TABLE_SCHEMA = SCHEMA() and TABLE_NAME = ? and CONSTRAINT_NAME like '%\\_\\_new' escape '\\'""")) {
            statement.setString(1, table);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return names;
    }

    /**
     * Each key of the plan ends up under its own name: there already, or its twin renamed, or (when a
     * crash came between dropping the key and making the twin) added back.
     */
    private static void addBack(Connection connection, String plan) throws SQLException {
        if (plan == null) {
            return;
        }
        for (String line : plan.substring(PLAN.length()).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 3);
            if (constraintExists(connection, parts[0])) {
                continue;
            }
            if (constraintExists(connection, temporary(parts[0]))) {
                execute(connection, "ALTER TABLE " + quote(parts[1]) + " RENAME CONSTRAINT " + quote(temporary(parts[0]))
                        + " TO " + quote(parts[0]));
            } else {
                execute(connection, parts[2]);
            }
        }
    }

    private static boolean constraintExists(Connection connection, String constraint) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select 1 from INFORMATION_SCHEMA.TABLE_CONSTRAINTS where CONSTRAINT_SCHEMA = SCHEMA() and CONSTRAINT_NAME = ?""")) {
            statement.setString(1, constraint);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The swap plan in a table's comment, or null when it has none. */
    private static String comment(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select REMARKS from INFORMATION_SCHEMA.TABLES where TABLE_SCHEMA = SCHEMA() and TABLE_NAME = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                String remarks = rs.next() ? rs.getString(1) : null;
                return remarks != null && remarks.startsWith(PLAN) ? remarks : null;
            }
        }
    }

    private static boolean triggerExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select 1 from INFORMATION_SCHEMA.TRIGGERS where TRIGGER_SCHEMA = SCHEMA() and TRIGGER_NAME = ?")) {
            statement.setString(1, mirrorOf(table));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
