package io.voronka.plugin.api;

import java.util.Map;
import java.util.Optional;

/** Operator-set configuration of a plugin, read-only for the plugin. */
public interface PluginConfig {

    Optional<String> get(String key);

    default String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    default int getInt(String key, int fallback) {
        return get(key).map(Integer::parseInt).orElse(fallback);
    }

    default boolean getBoolean(String key, boolean fallback) {
        return get(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    static PluginConfig of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return key -> Optional.ofNullable(copy.get(key));
    }
}
