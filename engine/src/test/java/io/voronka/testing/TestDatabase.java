package io.voronka.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own for one test: an H2 file in a temporary folder, or, when the suite runs
 * with {@code -Pmariadb}, a freshly created MariaDB database that is dropped afterwards.
 */
public final class TestDatabase implements AutoCloseable {

    private final Path dataDir;
    private final String mariaDbName;

    private TestDatabase(Path dataDir, String mariaDbName) {
        this.dataDir = dataDir;
        this.mariaDbName = mariaDbName;
    }

    public static boolean onMariaDb() {
        return "mariadb".equals(System.getProperty("voronka.test.db", "h2"));
    }

    public static TestDatabase create() {
        return create("utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    /** A database whose MariaDB default character set is the given one (H2 has none to choose). */
    public static TestDatabase create(String mariaDbCharset) {
        try {
            Path dir = Files.createTempDirectory("voronka-test-");
            if (!onMariaDb()) {
                return new TestDatabase(dir, null);
            }
            String name = "voronka_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(serverUrl(), "root", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name + " CHARACTER SET " + mariaDbCharset);
            }
            return new TestDatabase(dir, name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }

    /** Configuration keys that point a server at this database. */
    public Map<String, String> config() {
        Map<String, String> keys = new HashMap<>();
        keys.put("data.dir", dataDir.toString());
        if (mariaDbName != null) {
            keys.put("db.url", serverUrl() + mariaDbName);
            keys.put("db.user", "root");
            keys.put("db.password", "");
        }
        return keys;
    }

    public String describe() {
        return mariaDbName != null ? "MariaDB database " + mariaDbName : "H2 in " + dataDir;
    }

    private static String serverUrl() {
        return System.getProperty("voronka.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
    }

    @Override
    public void close() {
        if (mariaDbName != null) {
            try (Connection c = DriverManager.getConnection(serverUrl(), "root", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + mariaDbName);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test database " + mariaDbName, e);
            }
        }
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a leftover temp folder is harmless
        }
    }
}
