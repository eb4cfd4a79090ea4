package io.voronka.kernel.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.voronka.kernel.config.VoronkaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The one pooled DataSource that our tables and Flowable share, plus the SQL dialect that keeps our
 * queries the same on H2 and MariaDB.
 */
public final class Database implements AutoCloseable {

    static {
        // jOOQ prints a banner and tips on first use; an operator's log has no room for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final SQLDialect dialect;
    /** The embedded file's upkeep, which H2 itself stops doing when each commit is written at once; null on MariaDB. */
    private final H2Housekeeping housekeeping;

    private Database(HikariDataSource pool, SQLDialect dialect) {
        this.pool = pool;
        this.dataSource = new PooledDataSource(pool, dialect == SQLDialect.H2 ? H2GroupCommit.start(pool) : null);
        this.dialect = dialect;
        this.housekeeping = dialect == SQLDialect.H2 ? H2Housekeeping.start(pool) : null;
    }

    public static Database open(VoronkaConfig config, MeterRegistry metrics) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.dbUser() != null) {
            hikari.setUsername(config.dbUser());
        } else if (!config.usesMariaDb()) {
            hikari.setUsername("sa");
        }
        if (config.dbPassword() != null) {
            hikari.setPassword(config.dbPassword());
        }
        hikari.setMaximumPoolSize(config.dbPoolSize());
        hikari.setPoolName("voronka");
        hikari.setAutoCommit(true);
        if (config.usesMariaDb()) {
            // Connector/J asks for utf8mb4 at handshake, but a server set to ignore the client's wish
            // would talk utf8mb3 and mangle 4-byte characters; say it on every new connection. And
            // since MariaDB 10.6, "utf8" means utf8mb4 once old_mode drops UTF8_IS_UTF8MB3: Flowable's
            // scripts ("CHARSET=utf8 COLLATE utf8_bin") then create utf8mb4_bin tables, with nothing to
            // convert afterwards. Older servers have no such flag; Utf8mb4Schema converts there.
            hikari.setConnectionInitSql("set names utf8mb4, session old_mode = replace(@@old_mode, 'UTF8_IS_UTF8MB3', '')");
        }
        if (metrics != null) {
            hikari.setMetricRegistry(metrics);
        }
        if (!config.usesMariaDb()) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create data folder " + config.dataDir(), e);
            }
        }
        HikariDataSource ds = new HikariDataSource(hikari);
        return new Database(ds, config.usesMariaDb() ? SQLDialect.MARIADB : SQLDialect.H2);
    }

    /** Applies the kernel's static tables; entity tables come from their definitions, not from here. */
    public void migrate() {
        migrate(java.util.List.of());
    }

    /**
     * Applies the kernel's static tables and the capabilities' own ({@code locations} are Flyway
     * locations); versions are one sequence across all of them.
     */
    public void migrate(java.util.List<String> locations) {
        java.util.List<String> all = new java.util.ArrayList<>(locations);
        all.addFirst("classpath:io/voronka/kernel/storage/migration");
        Flyway.configure()
                .dataSource(dataSource)
                .locations(all.toArray(String[]::new))
                .table("voronka_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** The shared pool; a connection request waits as long as the calling thread's {@link ConnectionWait} allows. */
    public DataSource dataSource() {
        return dataSource;
    }

    public SQLDialect dialect() {
        return dialect;
    }

    public DSLContext dsl(Connection connection) {
        return DSL.using(connection, dialect);
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(TransactionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                connection.rollback();
                throw e;
            } catch (Exception e) {
                connection.rollback();
                throw new StorageException(e);
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Runs read-only or single-statement work on a pooled connection in auto-commit mode. */
    public <T> T withConnection(TransactionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(e);
        }
    }

    public boolean isReachable() {
        try {
            return ConnectionWait.brief(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return connection.isValid(2);
                }
            });
        } catch (Exception e) {
            return false;
        }
    }

    /** True while every connection is in use and someone is waiting for one. */
    public boolean isExhausted() {
        var state = pool.getHikariPoolMXBean();
        return state != null && state.getIdleConnections() == 0
                && state.getActiveConnections() >= pool.getMaximumPoolSize()
                && state.getThreadsAwaitingConnection() > 0;
    }

    /**
     * A connection outside the pool, for a session that must outlive pool churn (a named database
     * lock lives as long as its connection). The caller closes it.
     */
    public Connection openDedicated() throws SQLException {
        return java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }

    /** The JDBC URL every connection of this database uses. */
    public String jdbcUrl() {
        return pool.getJdbcUrl();
    }

    public int poolSize() {
        return pool.getMaximumPoolSize();
    }

    public static Path h2File(Path dataDir) {
        return dataDir.resolve("voronka.mv.db");
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        pool.close();
    }

    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Connection connection) throws Exception;
    }
}
