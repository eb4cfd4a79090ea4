package io.voronka.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads configuration in one place. Keys are dotted (`http.port`); the environment spells them
 * `VORONKA_HTTP_PORT`. Later sources win: defaults, YAML file, environment, command line.
 */
public final class ConfigLoader {

    private final Map<String, String> values = new HashMap<>();

    public static VoronkaConfig load(String[] args, Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader();
        String file = argValue(args, "--config");
        if (file == null) {
            file = env.get("VORONKA_CONFIG");
        }
        if (file == null && Files.exists(Path.of("voronka.yaml"))) {
            file = "voronka.yaml";
        }
        if (file != null) {
            loader.readYaml(Path.of(file));
        }
        env.forEach((name, value) -> {
            if (name.startsWith("VORONKA_") && !name.equals("VORONKA_CONFIG")) {
                loader.values.put(name.substring("VORONKA_".length()).toLowerCase().replace('_', '.'), value);
            }
        });
        if (Arrays.asList(args).contains("--cluster")) {
            loader.values.put("cluster", "true");
        }
        String port = argValue(args, "--port");
        if (port != null) {
            loader.values.put("http.port", port);
        }
        return loader.build();
    }

    /** Builds a configuration from explicit dotted keys only; tests and embedders use this. */
    public static VoronkaConfig fromMap(Map<String, String> keys) {
        ConfigLoader loader = new ConfigLoader();
        loader.values.putAll(keys);
        return loader.build();
    }

    private void readYaml(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            if (root != null) {
                flatten("", root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
    }

    private void flatten(String prefix, JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue());
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            values.put(prefix, String.join(",", items));
        } else {
            values.put(prefix, node.asText());
        }
    }

    private VoronkaConfig build() {
        Path dataDir = Path.of(get("data.dir", "data"));
        Map<String, String> plugins = new HashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith("plugin.")) {
                plugins.put(key.substring("plugin.".length()), value);
            }
        });
        return new VoronkaConfig(
                get("http.host", VoronkaConfig.DEFAULT_HOST),
                integer("http.port", VoronkaConfig.DEFAULT_PORT),
                dataDir,
                get("db.url", null),
                get("db.user", null),
                get("db.password", null),
                integer("db.pool.size", 20),
                get("admin.password", null),
                // `cluster: true` from the environment or switch; `cluster.enabled` where YAML nests it
                Boolean.parseBoolean(get("cluster", get("cluster.enabled", "false"))),
                get("cluster.name", "voronka"),
                get("cluster.host", "127.0.0.1"),
                integer("cluster.port", 5701),
                list(get("cluster.members", "127.0.0.1")),
                get("node.name", null),
                pathOrNull(get("forms.dir", null)),
                pathOrNull(get("processes.dir", null)),
                Map.copyOf(plugins),
                flag("db.h2.durable", true),
                seconds("process.job.lock.seconds", VoronkaConfig.DEFAULT_JOB_LOCK_TIME),
                seconds("process.job.reset.seconds", VoronkaConfig.DEFAULT_EXPIRED_JOBS_RESET_INTERVAL),
                authSettings(),
                new ManagementSettings(get("metrics.token", null), get("management.host", "127.0.0.1"),
                        get("management.port", null) == null ? null : integer("management.port", 0)),
                logFormat(),
                atLeast("records.count.limit", 10_000, 1),
                positive("events.retention", duration("events.retention", VoronkaConfig.DEFAULT_EVENT_RETENTION)),
                fileSettings());
    }

    private FileSettings fileSettings() {
        String storage = get("files.storage", "disk");
        if (!FileSettings.STORAGES.contains(storage)) {
            throw new IllegalArgumentException("files.storage must be disk or database, not " + storage);
        }
        long max = Long.parseLong(get("files.max.bytes", String.valueOf(FileSettings.DEFAULT_MAX_BYTES)));
        if (max < 1 || max > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException("files.max.bytes must be between 1 and 1073741824");
        }
        String types = get("files.types", null);
        return new FileSettings(max, types == null ? FileSettings.DEFAULT_TYPES : list(types), storage.equals("database"));
    }

    private static Duration positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("configuration " + key + " must be longer than zero, got " + value);
        }
        return value;
    }

    private int atLeast(String key, int fallback, int min) {
        int value = integer(key, fallback);
        if (value < min) {
            throw new IllegalArgumentException("configuration " + key + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private String logFormat() {
        String format = get("log.format", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("configuration log.format must be text or json, got '" + format + "'");
        }
        return format;
    }

    private AuthSettings authSettings() {
        AuthSettings d = AuthSettings.defaults();
        return new AuthSettings(
                duration("auth.token.lifetime", d.tokenLifetime()),
                duration("auth.token.idle", d.tokenIdle()),
                integer("auth.sessions.max", d.sessionsPerUser()),
                integer("auth.lockout.failures", d.accountFailures()),
                integer("auth.address.failures", d.addressFailures()),
                duration("auth.lockout.window", d.failureWindow()),
                duration("auth.lockout.duration", d.lockout()),
                duration("auth.lockout.max", d.maxLockout()));
    }

    /** {@code 90s}, {@code 15m}, {@code 12h}, {@code 7d}, or ISO-8601 such as {@code PT12H}. */
    private Duration duration(String key, Duration fallback) {
        String value = get(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(value);
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configuration " + key + " must be a duration such as 90s, 15m, 12h or PT12H, got '"
                    + value + "'");
        }
    }

    private String get(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private int integer(String key, int fallback) {
        String value = get(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " must be a whole number, got '" + value + "'");
        }
    }

    /** A switch that guards data must not turn off on a typo, so only true and false are accepted. */
    private boolean flag(String key, boolean fallback) {
        String value = get(key, String.valueOf(fallback));
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("configuration " + key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private Duration seconds(String key, Duration fallback) {
        int value = integer(key, (int) fallback.toSeconds());
        if (value < 1) {
            throw new IllegalArgumentException("configuration " + key + " must be at least 1 second, got " + value);
        }
        return Duration.ofSeconds(value);
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : Path.of(value);
    }

    private static String argValue(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return null;
    }
}
