package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the embedded database a commit returns only once it is in the file, though H2 no longer writes
 * each transaction on its own: checked by copying the file while the database is open, which is what
 * a kill -9 at that moment would leave, and opening the copy. Commits that come together share their
 * writes. This is about the embedded database, so it runs on H2 in both suites.
 */
class H2GroupCommitTest {

    private Path folder;
    private Database database;

    @BeforeEach
    void open() throws Exception {
        folder = Files.createTempDirectory("voronka-h2-group-commit-");
        database = Database.open(ConfigLoader.fromMap(Map.of("data.dir", folder.toString(), "db.pool.size", "8")), null);
        database.withConnection(c -> {
            try (Statement sql = c.createStatement()) {
                sql.execute("create table written_row (id int primary key, note varchar(100))");
            }
            return null;
        });
    }

    @AfterEach
    void close() throws Exception {
        database.close();
        delete(folder);
    }

    @Test
    void aCommittedTransactionIsInTheFileWhenCommitReturns() throws Exception {
        database.inTransaction(c -> insert(c, 1));
        assertThat(storeOf().getAutoCommitDelay()).as("H2 writes nothing by itself").isNegative();
        assertThat(rowsInACopyOfTheFile()).containsExactly(1);
    }

    @Test
    void anAutoCommitWriteIsInTheFileWhenItReturns() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            insert(c, 7);
            assertThat(rowsInACopyOfTheFile()).as("before the connection went back").containsExactly(7);
        }
    }

    @Test
    void ddlCommittedByH2InsideARolledBackTransactionIsInTheFile() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement sql = c.createStatement()) {
                sql.execute("create table made_in_a_transaction (id int)");
            }
            c.rollback();
        }
        assertThat(tablesInACopyOfTheFile()).contains("made_in_a_transaction");
    }

    @Test
    void aNewConnectionDoesNotHandTheWritesBackToH2() throws Exception {
        // Each connection H2 opens runs the URL's WRITE_DELAY=0 for the whole database; a pool of 8
        // opens the rest of its connections while these are held.
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                held.add(database.dataSource().getConnection());
            }
            insert(held.getLast(), 3);
            assertThat(H2GroupCommit.store(held.getLast().unwrap(JdbcConnection.class)).getAutoCommitDelay()).isNegative();
            assertThat(rowsInACopyOfTheFile()).containsExactly(3);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void commitsThatComeTogetherShareTheirWrites() throws Exception {
        int threads = 8;
        int commitsEach = 100;
        long versionBefore = storeOf().getCurrentVersion();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = 1000 + t * commitsEach;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < commitsEach; i++) {
                    int id = first + i;
                    database.inTransaction(c -> insert(c, id));
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        long writes = storeOf().getCurrentVersion() - versionBefore;
        assertThat(rowsInACopyOfTheFile()).as("every acknowledged commit").hasSize(threads * commitsEach);
        // Each write takes one version; H2's own write per commit would have taken 800.
        assertThat(writes).as("writes for %d commits from %d threads", threads * commitsEach, threads)
                .isLessThan(threads * commitsEach * 95L / 100);
    }

    @Test
    void aLazilyWrittenDatabaseIsLeftToH2() throws Exception {
        Path lazyFolder = Files.createTempDirectory("voronka-h2-lazy-");
        try (Database lazy = Database.open(ConfigLoader.fromMap(Map.of("data.dir", lazyFolder.toString(),
                "db.h2.durable", "false")), null)) {
            try (Connection c = lazy.dataSource().getConnection()) {
                assertThat(H2GroupCommit.store(c.unwrap(JdbcConnection.class)).getAutoCommitDelay())
                        .as("H2's own background writer").isPositive();
            }
        } finally {
            delete(lazyFolder);
        }
    }

    private static Void insert(Connection c, int id) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into written_row values (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, "row " + id);
            insert.executeUpdate();
        }
        return null;
    }

    private MVStore storeOf() throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            return H2GroupCommit.store(c.unwrap(JdbcConnection.class));
        }
    }

    /** The rows a process killed now would leave: the file as it is, opened on its own. */
    private List<Integer> rowsInACopyOfTheFile() throws Exception {
        return inACopyOfTheFile("select id from written_row order by id");
    }

    private List<String> tablesInACopyOfTheFile() throws Exception {
        return inACopyOfTheFile("select lower(table_name) from information_schema.tables where table_schema = 'PUBLIC'");
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> inACopyOfTheFile(String query) throws Exception {
        Path copy = Files.createTempDirectory("voronka-h2-copy-");
        try {
            Files.copy(Database.h2File(folder), copy.resolve("voronka.mv.db"));
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("voronka"), "sa", "");
                 Statement sql = c.createStatement(); ResultSet rs = sql.executeQuery(query)) {
                List<T> values = new ArrayList<>();
                while (rs.next()) {
                    values.add((T) rs.getObject(1));
                }
                return values;
            }
        } finally {
            delete(copy);
        }
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
