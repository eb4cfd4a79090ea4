package io.voronka.plugin;

import io.voronka.plugin.api.Action;
import io.voronka.plugin.api.ActionDefinition;
import io.voronka.plugin.api.PluginConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the actions on the class path (Java's ServiceLoader) and hands each its configuration.
 * Per-plugin class loaders come with jar plugins; the shipped plugins load from the server's own.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Map<String, ActionBinding> actions = new LinkedHashMap<>();
    private final Map<String, String> config;

    public PluginHost(Map<String, String> config) {
        this.config = Map.copyOf(config);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public PluginHost discover(ClassLoader loader) {
        for (Action action : ServiceLoader.load(Action.class, loader)) {
            ActionDefinition definition = action.getClass().getAnnotation(ActionDefinition.class);
            if (definition == null) {
                LOG.warn("action {} has no @ActionDefinition; ignored", action.getClass().getName());
                continue;
            }
            if (actions.containsKey(definition.id())) {
                throw new IllegalStateException("two actions claim id " + definition.id());
            }
            String plugin = definition.id().contains(".") ? definition.id().substring(0, definition.id().indexOf('.')) : definition.id();
            actions.put(definition.id(), new ActionBinding(action, definition, plugin));
            LOG.info("action {} ({}) available", definition.id(), definition.label());
        }
        return this;
    }

    public Optional<ActionBinding> find(String id) {
        return Optional.ofNullable(actions.get(id));
    }

    public Collection<ActionBinding> all() {
        return actions.values();
    }

    /**
     * Configuration for one plugin: keys {@code plugin.<plugin>.<key>} from the server config,
     * (environment {@code VORONKA_PLUGIN_EMAIL_SMTP_HOST} is {@code plugin.email.smtp.host}).
     */
    public PluginConfig configFor(String pluginName) {
        Map<String, String> own = new HashMap<>();
        String prefix = pluginName + ".";
        config.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                own.put(key.substring(prefix.length()), value);
            }
        });
        return PluginConfig.of(own);
    }

    @Override
    public void close() {
        for (ActionBinding binding : actions.values()) {
            if (binding.action() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing action {} failed", binding.id(), e);
                }
            }
        }
    }
}
