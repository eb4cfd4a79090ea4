package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded file stays near the size of its live data while each commit is written at once
 * (WRITE_DELAY=0, which stops H2's own background upkeep). This is about the embedded database, so
 * it runs on H2 in both suites.
 */
class H2HousekeepingTest {

    private static final long LIMIT = 64L << 20;

    @Test
    void theEmbeddedFileStaysSmallUnderManySmallCommits() throws Exception {
        Path dir = Files.createTempDirectory("voronka-h2-housekeeping-");
        // Retention 0 makes chunks rewritable at once; with H2's 45 s default this would be a minute's test.
        String url = "jdbc:h2:async:" + dir.resolve("voronka") + ";DB_CLOSE_ON_EXIT=FALSE;RETENTION_TIME=0";
        Path file = Database.h2File(dir);
        try (Database database = Database.open(ConfigLoader.fromMap(Map.of("data.dir", dir.toString(), "db.url", url)), null)) {
            assertThat(database.jdbcUrl()).as("each commit is written at once").contains(";WRITE_DELAY=0");
            database.withConnection(c -> c.createStatement().execute(
                    "create table t (id varchar(36) primary key, name varchar(100), amount int)"));
            database.withConnection(c -> c.createStatement().execute("create index t_name on t (name)"));
            database.withConnection(c -> c.createStatement().execute("create index t_amount on t (amount, id)"));
            Random random = new Random(2026);
            long largest = 0;
            // Ten rows with random keys per commit touch pages all over three indexes, as record writes do.
            for (int commit = 0; commit < 3000; commit++) {
                database.inTransaction(c -> insertTen(c, random));
                largest = Math.max(largest, Files.size(file));
            }
            long rows = database.withConnection(c -> {
                var result = c.createStatement().executeQuery("select count(*) from t");
                result.next();
                return result.getLong(1);
            });
            assertThat(rows).isEqualTo(30_000);
            // Without the upkeep the file held ~250 MB here and kept it until closed.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Files.size(file) > LIMIT && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(Files.size(file)).as("the file while open (largest seen during the writes: %,d bytes)", largest)
                    .isLessThan(LIMIT);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Void insertTen(Connection connection, Random random) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into t values (?, ?, ?)")) {
            for (int i = 0; i < 10; i++) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, "name" + random.nextInt(100_000));
                insert.setInt(3, random.nextInt(1500));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return null;
    }
}
