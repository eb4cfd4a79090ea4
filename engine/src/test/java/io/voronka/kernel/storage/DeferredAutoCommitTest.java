package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pooled connection changes its auto-commit mode on the driver only when a statement needs it,
 * yet behaves as JDBC says: auto-commit work is committed at once, switching auto-commit on commits,
 * a transaction left open is rolled back on return, and a statement still open across a change runs
 * in the new mode. Checked on the driver's own connection, beneath the pool and the wrapper.
 */
class DeferredAutoCommitTest {

    private TestDatabase test;
    private Database database;

    @BeforeEach
    void open() {
        test = TestDatabase.create();
        Map<String, String> config = new HashMap<>(test.config());
        config.put("db.pool.size", "1");
        database = Database.open(ConfigLoader.fromMap(config), null);
        database.withConnection(c -> {
            try (Statement sql = c.createStatement()) {
                sql.execute("create table deferred_row (id int primary key)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
        test.close();
    }

    @Test
    void consecutiveTransactionsChangeNoModeOnTheDriver() throws Exception {
        database.inTransaction(c -> insert(c, 1));
        try (Connection second = database.dataSource().getConnection()) {
            Connection driver = driverOf(second);
            assertThat(second.getAutoCommit()).as("what the borrower sees").isTrue();
            assertThat(driver.getAutoCommit()).as("the driver stayed as the last transaction left it").isFalse();
            long changesBefore = modeChanges(second);
            second.setAutoCommit(false);
            insert(second, 2);
            second.commit();
            second.setAutoCommit(true);
            assertThat(modeChanges(second) - changesBefore).as("set autocommit statements sent").isZero();
            assertThat(driver.getAutoCommit()).isFalse();
        }
        assertThat(visibleElsewhere()).containsExactly(1, 2);
    }

    @Test
    void autoCommitWorkAfterATransactionIsCommittedAtOnce() throws Exception {
        database.inTransaction(c -> insert(c, 1));
        try (Connection c = database.dataSource().getConnection()) {
            insert(c, 2);
            assertThat(driverOf(c).getAutoCommit()).isTrue();
            assertThat(visibleElsewhere()).containsExactly(1, 2);
        }
    }

    @Test
    void aTransactionLeftOpenIsRolledBackOnReturn() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            insert(c, 1);
        }
        assertThat(visibleElsewhere()).isEmpty();
        database.inTransaction(c -> insert(c, 2));
        assertThat(visibleElsewhere()).containsExactly(2);
    }

    @Test
    void switchingAutoCommitOnCommitsTheTransaction() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            insert(c, 1);
            assertThat(visibleElsewhere()).isEmpty();
            c.setAutoCommit(true);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(visibleElsewhere()).containsExactly(1);
        }
    }

    @Test
    void aStatementOpenAcrossAChangeRunsInTheNewMode() throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement insert = c.prepareStatement("insert into deferred_row (id) values (?)")) {
            c.setAutoCommit(false);
            insert.setInt(1, 1);
            insert.executeUpdate();
            c.rollback();
            assertThat(visibleElsewhere()).as("rolled back with the transaction it ran in").isEmpty();

            c.setAutoCommit(true);
            insert.setInt(1, 2);
            insert.executeUpdate();
            assertThat(visibleElsewhere()).as("committed as it ran, in auto-commit mode").containsExactly(2);
        }
    }

    @Test
    void aSavepointFindsItsTransactionOpen() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            var savepoint = c.setSavepoint();
            insert(c, 1);
            c.rollback(savepoint);
            insert(c, 2);
            c.commit();
            c.setAutoCommit(true);
        }
        assertThat(visibleElsewhere()).containsExactly(2);
    }

    /** The driver's own connection beneath the pool's proxy and the wrapper. */
    private static Connection driverOf(Connection c) throws SQLException {
        Class<? extends Connection> driver = TestDatabase.onMariaDb() ? org.mariadb.jdbc.Connection.class
                : org.h2.jdbc.JdbcConnection.class;
        return c.unwrap(driver);
    }

    private static Void insert(Connection c, int id) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into deferred_row (id) values (?)")) {
            insert.setInt(1, id);
            insert.executeUpdate();
        }
        return null;
    }

    /** The rows another session sees committed. */
    private java.util.List<Integer> visibleElsewhere() throws SQLException {
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        try (Connection other = database.openDedicated();
             Statement sql = other.createStatement();
             ResultSet rows = sql.executeQuery("select id from deferred_row order by id")) {
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
        }
        return ids;
    }

    /**
     * On MariaDB, the session's count of SET statements (Connector/J changes the mode with one); H2
     * changes it without a statement, so there the driver's state is what the test checks.
     */
    private long modeChanges(Connection c) throws SQLException {
        if (!TestDatabase.onMariaDb()) {
            return 0;
        }
        try (Statement sql = driverOf(c).createStatement();
             ResultSet row = sql.executeQuery("show session status like 'Com_set_option'")) {
            row.next();
            return row.getLong(2);
        }
    }
}
