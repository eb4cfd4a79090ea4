package io.voronka.plugin;

import io.voronka.plugin.api.Action;
import io.voronka.plugin.api.ActionDefinition;

/** A discovered action with its definition, ready to be invoked by id. */
public record ActionBinding(Action<Record, Object> action, ActionDefinition definition, String pluginName) {

    public String id() {
        return definition.id();
    }
}
