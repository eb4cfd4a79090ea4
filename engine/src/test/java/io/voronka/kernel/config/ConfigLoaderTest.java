package io.voronka.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaultsGiveEmbeddedH2UnderDataOnPort8080() {
        VoronkaConfig config = ConfigLoader.load(new String[0], Map.of());
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.jdbcUrl()).startsWith("jdbc:h2:async:").contains("data");
        assertThat(config.usesMariaDb()).isFalse();
        assertThat(config.cluster()).isFalse();
    }

    @Test
    void recordCountLimitDefaultsTo10000AndMustBePositive() {
        assertThat(ConfigLoader.fromMap(Map.of()).recordCountLimit()).isEqualTo(10_000);
        assertThat(ConfigLoader.load(new String[0], Map.of("VORONKA_RECORDS_COUNT_LIMIT", "500")).recordCountLimit())
                .isEqualTo(500);
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("records.count.limit", "0")))
                .hasMessageContaining("records.count.limit");
    }

    @Test
    void eventRetentionIsAWeekUnlessConfiguredAndNeverZero() {
        assertThat(ConfigLoader.fromMap(Map.of()).eventRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(ConfigLoader.load(new String[0], Map.of("VORONKA_EVENTS_RETENTION", "P30D")).eventRetention())
                .isEqualTo(Duration.ofDays(30));
        assertThat(ConfigLoader.fromMap(Map.of("events.retention", "12h")).eventRetention()).isEqualTo(Duration.ofHours(12));
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("events.retention", "0s")))
                .hasMessageContaining("events.retention");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("events.retention", "soon")))
                .hasMessageContaining("events.retention");
    }

    @Test
    void environmentOverridesYamlAndCommandLineOverridesBoth(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("voronka.yaml");
        Files.writeString(yaml, """
                http:
                  port: 9000
                db:
                  url: jdbc:mariadb://127.0.0.1:3306/crm
                  user: crm
                plugin:
                  email:
                    smtp:
                      host: mail.example.com
                """);
        VoronkaConfig config = ConfigLoader.load(new String[]{"--config", yaml.toString(), "--cluster"},
                Map.of("VORONKA_DB_USER", "ops", "VORONKA_ADMIN_PASSWORD", "s3cret-pass"));
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.usesMariaDb()).isTrue();
        assertThat(config.dbUser()).isEqualTo("ops");
        assertThat(config.adminPassword()).isEqualTo("s3cret-pass");
        assertThat(config.cluster()).isTrue();
        assertThat(config.pluginConfig()).containsEntry("email.smtp.host", "mail.example.com");

        VoronkaConfig portFromArgs = ConfigLoader.load(new String[]{"--config", yaml.toString(), "--port", "9100"},
                Map.of("VORONKA_HTTP_PORT", "9050"));
        assertThat(portFromArgs.httpPort()).isEqualTo(9100);
    }

    @Test
    void shippedExampleFileLoadsAndNestedClusterSwitchWorks(@TempDir Path dir) throws Exception {
        Path repo = Path.of(System.getProperty("voronka.repo.dir", "..")).toAbsolutePath().normalize();
        VoronkaConfig example = ConfigLoader.load(new String[]{"--config", repo.resolve("voronka.example.yaml").toString()}, Map.of());
        assertThat(example.httpPort()).isEqualTo(8080);
        assertThat(example.pluginConfig()).containsEntry("email.from", "crm@example.com");

        Path yaml = dir.resolve("cluster.yaml");
        Files.writeString(yaml, "cluster:\n  enabled: true\n  name: crm\n");
        VoronkaConfig clustered = ConfigLoader.load(new String[]{"--config", yaml.toString()}, Map.of());
        assertThat(clustered.cluster()).isTrue();
        assertThat(clustered.clusterName()).isEqualTo("crm");
    }

    @Test
    void badNumberNamesTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of("VORONKA_HTTP_PORT", "eighty")))
                .hasMessageContaining("http.port");
    }

    @Test
    void h2KeepsTheParsedFormOfEnoughStatementsUnlessTheUrlSaysOtherwise() {
        assertThat(ConfigLoader.load(new String[0], Map.of()).jdbcUrl()).contains(";QUERY_CACHE_SIZE=64;");
        assertThat(ConfigLoader.fromMap(Map.of("db.url", "jdbc:h2:file:/srv/crm;query_cache_size=16")).jdbcUrl())
                .isEqualTo("jdbc:h2:file:/srv/crm;query_cache_size=16;WRITE_DELAY=0");
        assertThat(ConfigLoader.fromMap(Map.of("db.url", "jdbc:mariadb://db/crm")).jdbcUrl()).doesNotContain("QUERY_CACHE");
    }

    @Test
    void embeddedH2WritesEachCommitUnlessNonDurableIsChosenExplicitly() {
        assertThat(ConfigLoader.load(new String[0], Map.of()).jdbcUrl()).endsWith(";WRITE_DELAY=0");
        assertThat(ConfigLoader.fromMap(Map.of("db.url", "jdbc:h2:file:/srv/crm")).jdbcUrl())
                .isEqualTo("jdbc:h2:file:/srv/crm;QUERY_CACHE_SIZE=64;WRITE_DELAY=0");
        assertThat(ConfigLoader.load(new String[0], Map.of("VORONKA_DB_H2_DURABLE", "false")).jdbcUrl())
                .doesNotContain("WRITE_DELAY");
        assertThat(ConfigLoader.fromMap(Map.of("db.url", "jdbc:h2:file:/srv/crm;write_delay=100")).jdbcUrl())
                .isEqualTo("jdbc:h2:file:/srv/crm;write_delay=100;QUERY_CACHE_SIZE=64");
        assertThat(ConfigLoader.fromMap(Map.of("db.url", "jdbc:mariadb://db/crm")).jdbcUrl()).isEqualTo("jdbc:mariadb://db/crm");
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("db.h2.durable", "no")))
                .as("a typo must not turn durability off").hasMessageContaining("db.h2.durable");
    }

    @Test
    void jobsOfDeadNodesAreFreedWithinTwoMinutesByDefault() {
        VoronkaConfig defaults = ConfigLoader.load(new String[0], Map.of());
        assertThat(defaults.jobLockTime().plus(defaults.expiredJobsResetInterval())).isLessThanOrEqualTo(Duration.ofMinutes(2));
        VoronkaConfig fast = ConfigLoader.load(new String[0],
                Map.of("VORONKA_PROCESS_JOB_LOCK_SECONDS", "6", "VORONKA_PROCESS_JOB_RESET_SECONDS", "2"));
        assertThat(fast.jobLockTime()).isEqualTo(Duration.ofSeconds(6));
        assertThat(fast.expiredJobsResetInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> ConfigLoader.fromMap(Map.of("process.job.lock.seconds", "0")))
                .hasMessageContaining("process.job.lock.seconds");
    }
}
