package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The embedded file stays far smaller while each commit is written at once (WRITE_DELAY=0, which
 * stops H2's own background upkeep) than the same commits leave without our upkeep. Both sides run
 * here, so a busy machine slows them alike. This is about the embedded database, so it runs on H2
 * in both suites.
 */
class H2HousekeepingTest {

    private static final int COMMITS = 4000;

    @Test
    void theEmbeddedFileStaysFarSmallerThanWithoutUpkeep() throws Exception {
        Path without = Files.createTempDirectory("voronka-h2-without-upkeep-");
        Path with = Files.createTempDirectory("voronka-h2-housekeeping-");
        try {
            long bare;
            JdbcDataSource plain = new JdbcDataSource();
            plain.setURL(url(without) + ";WRITE_DELAY=0");
            plain.setUser("sa");
            try (Connection keepOpen = plain.getConnection()) {
                bare = writeAndMeasure(plain, Database.h2File(without));
            }
            long kept;
            try (Database database = Database.open(ConfigLoader.fromMap(Map.of("data.dir", with.toString(), "db.url", url(with))), null)) {
                assertThat(database.jdbcUrl()).as("each commit is written at once").contains(";WRITE_DELAY=0");
                kept = writeAndMeasure(database.dataSource(), Database.h2File(with));
            }
            // Without the upkeep ~200 MB after 3,000 such commits (kept until closed); with it ~15-60 MB.
            assertThat(kept).as("the file with upkeep, against %,d bytes without", bare).isLessThan(bare * 6 / 10);
        } finally {
            delete(without);
            delete(with);
        }
    }

    /** Retention 0 makes chunks rewritable at once; with H2's 45 s default this would be a minute's test. */
    private static String url(Path dir) {
        return "jdbc:h2:async:" + dir.resolve("voronka") + ";DB_CLOSE_ON_EXIT=FALSE;RETENTION_TIME=0";
    }

    /** Ten rows with random keys per commit touch pages all over three indexes, as record writes do. */
    private static long writeAndMeasure(javax.sql.DataSource dataSource, Path file) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement ddl = c.createStatement()) {
            ddl.execute("create table t (id varchar(36) primary key, name varchar(100), amount int)");
            ddl.execute("create index t_name on t (name)");
            ddl.execute("create index t_amount on t (amount, id)");
        }
        Random random = new Random(2026);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into t values (?, ?, ?)")) {
                for (int commit = 0; commit < COMMITS; commit++) {
                    for (int i = 0; i < 10; i++) {
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, "name" + random.nextInt(100_000));
                        insert.setInt(3, random.nextInt(1500));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    c.commit();
                }
            }
            c.setAutoCommit(true);
        }
        // The upkeep comes round every second; give it a few rounds to catch up after the last commit.
        Thread.sleep(6_000);
        return Files.size(file);
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
