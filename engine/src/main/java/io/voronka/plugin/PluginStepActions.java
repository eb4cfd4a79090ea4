package io.voronka.plugin;

import io.voronka.plugin.api.Input;
import io.voronka.process.StepActions;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The discovered actions' inputs, read from the same annotations {@link InputBinder} enforces. */
final class PluginStepActions implements StepActions {

    private final PluginHost host;

    PluginStepActions(PluginHost host) {
        this.host = host;
    }

    @Override
    public Optional<Inputs> inputs(String actionId) {
        return host.find(actionId).map(binding -> {
            Set<String> all = new LinkedHashSet<>();
            Set<String> required = new LinkedHashSet<>();
            Set<String> secret = new LinkedHashSet<>();
            for (RecordComponent component : binding.definition().input().getRecordComponents()) {
                Input input = component.getAnnotation(Input.class);
                all.add(component.getName());
                if (input != null && input.required()) {
                    required.add(component.getName());
                }
                if (input != null && input.secret()) {
                    secret.add(component.getName());
                }
            }
            return new Inputs(Set.copyOf(all), Set.copyOf(required), Set.copyOf(secret));
        });
    }
}
