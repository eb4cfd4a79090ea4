package io.voronka.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An empty database that one side of a benchmark owns alone: an H2 file in a fresh temp folder, or a
 * fresh database on the local MariaDB. Closing it deletes the folder or drops the database.
 */
final class ScratchDatabase implements AutoCloseable {

    /**
     * The pool size both sides of a benchmark get, Voronka's node and its baseline alike (a node's
     * own default, {@code db.pool.size}, is 20; benchmarks that size the node otherwise say so).
     */
    static final int POOL_SIZE = 10;

    enum Kind {
        H2("H2 2.3 (embedded file)"),
        MARIADB("MariaDB (127.0.0.1:3306)");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private static final String MARIADB_SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String MARIADB_USER = "root";

    private final Kind kind;
    private final Path folder;
    private final String jdbcUrl;
    private final String databaseName;
    private boolean keep;

    private ScratchDatabase(Kind kind, Path folder, String jdbcUrl, String databaseName) {
        this.kind = kind;
        this.folder = folder;
        this.jdbcUrl = jdbcUrl;
        this.databaseName = databaseName;
    }

    static ScratchDatabase create(Kind kind, String side) throws IOException, SQLException {
        Path folder = Files.createTempDirectory("voronka-bench-" + side + "-");
        if (kind == Kind.H2) {
            // -Dvoronka.bench.h2.extra=";PAGE_SIZE=2048" tries an H2 setting on both sides alike.
            String url = "jdbc:h2:file:" + folder.toAbsolutePath().resolve(side) + ";DB_CLOSE_ON_EXIT=FALSE"
                    + System.getProperty("voronka.bench.h2.extra", "");
            return new ScratchDatabase(kind, folder, url, null);
        }
        String name = "voronka_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection server = DriverManager.getConnection(MARIADB_SERVER, MARIADB_USER, "");
             Statement sql = server.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        }
        return new ScratchDatabase(kind, folder, MARIADB_SERVER + name, name);
    }

    /**
     * A database of that name kept after the run (created if missing): a benchmark that loads a
     * million rows can load them once and measure again and again. On MariaDB a database of that
     * name; on H2 a file (and data folder) under the temp folder, {@code voronka-bench-kept-<name>}.
     */
    static ScratchDatabase kept(Kind kind, String name) throws IOException, SQLException {
        if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("--keep takes a name of lower-case letters, digits and _: " + name);
        }
        if (kind == Kind.H2) {
            Path folder = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "voronka-bench-kept-" + name));
            ScratchDatabase kept = new ScratchDatabase(kind, folder,
                    "jdbc:h2:file:" + folder.toAbsolutePath().resolve(name) + ";DB_CLOSE_ON_EXIT=FALSE", null);
            kept.keep = true;
            return kept;
        }
        try (Connection server = DriverManager.getConnection(MARIADB_SERVER, MARIADB_USER, "");
             Statement sql = server.createStatement()) {
            sql.execute("CREATE DATABASE IF NOT EXISTS " + name + " CHARACTER SET utf8mb4");
        }
        ScratchDatabase kept = new ScratchDatabase(Kind.MARIADB, Files.createTempDirectory("voronka-bench-kept-"),
                MARIADB_SERVER + name, name);
        kept.keep = true;
        return kept;
    }

    boolean isKept() {
        return keep;
    }

    Kind kind() {
        return kind;
    }

    /** The configuration keys that point a Voronka node at this database. */
    Map<String, String> voronkaConfig() {
        Map<String, String> keys = new HashMap<>();
        keys.put("data.dir", folder.toString());
        keys.put("db.url", jdbcUrl);
        keys.put("db.pool.size", String.valueOf(POOL_SIZE));
        // -Dvoronka.bench.h2.durable=false measures H2's lazy writes beside the durable default, same build.
        keys.put("db.h2.durable", System.getProperty("voronka.bench.h2.durable", "true"));
        if (kind == Kind.MARIADB) {
            keys.put("db.user", MARIADB_USER);
        }
        return keys;
    }

    /** A pool configured as Voronka's Database configures its own. */
    HikariDataSource pool() {
        return pool(POOL_SIZE);
    }

    /**
     * The same pool with {@code size} connections, for a benchmark that runs the node at another size.
     * Its URL is the one a node configured for this database connects with: on H2 that adds Voronka's
     * settings (each commit written before it returns, a larger statement cache), which the baseline
     * lacked before issue 9 and so committed lazily while Voronka committed durably.
     */
    HikariDataSource pool(int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(io.voronka.kernel.config.ConfigLoader.fromMap(voronkaConfig()).jdbcUrl());
        hikari.setUsername(kind == Kind.H2 ? "sa" : MARIADB_USER);
        hikari.setMaximumPoolSize(size);
        hikari.setPoolName("baseline");
        hikari.setAutoCommit(true);
        return new HikariDataSource(hikari);
    }

    /** Where the data is, for a line of output: the database's name or the H2 folder. */
    String location() {
        return databaseName != null ? databaseName : folder.toString();
    }

    /** The catalog Flowable must be told about on MariaDB, where every database counts as one. */
    String catalog() {
        return databaseName;
    }

    @Override
    public void close() throws IOException, SQLException {
        try {
            if (kind == Kind.MARIADB && !keep) {
                try (Connection server = DriverManager.getConnection(MARIADB_SERVER, MARIADB_USER, "");
                     Statement sql = server.createStatement()) {
                    sql.execute("DROP DATABASE IF EXISTS " + databaseName);
                }
            }
        } finally {
            if (kind == Kind.MARIADB || !keep) {
                deleteFolder();
            }
        }
    }

    private void deleteFolder() throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
