package io.voronka.config;

import java.nio.file.Path;
import java.util.List;
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
        AuthSettings auth,
        ManagementSettings management,
        String logFormat) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    /** The JDBC URL in force: the configured one, or the embedded H2 file under the data folder. */
    public String jdbcUrl() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return dbUrl;
        }
        // Native H2 mode: MariaDB compatibility mode breaks Flowable's own schema scripts.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("voronka") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public boolean usesMariaDb() {
        return jdbcUrl().startsWith("jdbc:mariadb:") || jdbcUrl().startsWith("jdbc:mysql:");
    }

    public VoronkaConfig withHttpPort(int port) {
        return new VoronkaConfig(httpHost, port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, adminPassword,
                cluster, clusterName, clusterHost, clusterPort, clusterMembers, nodeName, formsDir, processesDir, pluginConfig,
                auth, management, logFormat);
    }
}
