package io.voronka.kernel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the server reads from the outside world, resolved once at start: defaults, then an
 * optional YAML file, then {@code VORONKA_*} environment variables, then command-line switches.
 */
public record VoronkaConfig(
        String httpHost,
        int httpPort,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        String adminPassword,
        boolean cluster,
        String clusterName,
        String clusterHost,
        int clusterPort,
        List<String> clusterMembers,
        String nodeName,
        Path formsDir,
        Path processesDir,
        Map<String, String> pluginConfig,
        boolean h2Durable,
        Duration jobLockTime,
        Duration expiredJobsResetInterval,
        AuthSettings auth,
        ManagementSettings management,
        String logFormat,
        int recordCountLimit, Duration eventRetention,
        FileSettings files) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /**
     * How long a node owns a process job it acquired. Must exceed the longest a job can take
     * (queue wait plus run; a plugin step gives up after 60 s), or a second node runs it too.
     */
    public static final Duration DEFAULT_JOB_LOCK_TIME = Duration.ofSeconds(90);
    /** How long events every consumer has handled are kept before the sweep prunes them. */
    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(7);
    /** How often every node frees jobs whose lock expired (their node died holding them). */
    public static final Duration DEFAULT_EXPIRED_JOBS_RESET_INTERVAL = Duration.ofSeconds(15);
    /** Parsed statements H2 keeps per connection: room for every distinct statement of a create and its process start. */
    static final int H2_QUERY_CACHE = 64;

    /** The JDBC URL in force: the configured one, or the embedded H2 file under the data folder. */
    public String jdbcUrl() {
        // Native H2 mode: MariaDB compatibility mode breaks Flowable's own schema scripts. The async:
        // file system, because a plain FileChannel closes when the thread writing to it is interrupted
        // (a shutting-down executor does that), and with every commit written by the committing
        // thread that would break the database for the whole process.
        String url = dbUrl != null && !dbUrl.isBlank() ? dbUrl
                : "jdbc:h2:async:" + dataDir.toAbsolutePath().resolve("voronka") + ";DB_CLOSE_ON_EXIT=FALSE";
        return url.startsWith("jdbc:h2:") ? durableH2(queryCache(url)) : url;
    }

    /**
     * H2 keeps the parsed form of the last 8 statements of each connection (QUERY_CACHE_SIZE). One
     * create with its process start issues more distinct statements than that (ours and Flowable's),
     * so H2 parsed nearly every one again: 9% of the request thread's time in LeadIntakeBenchmark.
     * A URL that sets the size itself keeps it.
     */
    private static String queryCache(String url) {
        return url.toUpperCase(Locale.ROOT).contains(";QUERY_CACHE_SIZE=") ? url : url + ";QUERY_CACHE_SIZE=" + H2_QUERY_CACHE;
    }

    /**
     * H2 writes committed transactions to its file up to 500 ms later (WRITE_DELAY), so a killed
     * process loses commits it already acknowledged. WRITE_DELAY=0 writes each commit to the file
     * before the commit returns. A URL that sets WRITE_DELAY itself, or {@code db.h2.durable=false},
     * keeps H2's lazy default.
     */
    private String durableH2(String url) {
        if (!h2Durable || url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    public boolean usesMariaDb() {
        return jdbcUrl().startsWith("jdbc:mariadb:") || jdbcUrl().startsWith("jdbc:mysql:");
    }

    public VoronkaConfig withHttpPort(int port) {
        return new VoronkaConfig(httpHost, port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, adminPassword,
                cluster, clusterName, clusterHost, clusterPort, clusterMembers, nodeName, formsDir, processesDir, pluginConfig,
                h2Durable, jobLockTime, expiredJobsResetInterval,
                auth, management, logFormat, recordCountLimit, eventRetention, files);
    }
}
