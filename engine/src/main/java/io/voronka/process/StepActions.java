package io.voronka.process;

import java.util.Optional;
import java.util.Set;

/**
 * The plugin actions a BPMN plugin step may name, with their inputs, for checking a model before
 * it is deployed and for keeping secret inputs out of what the instance view shows. Provided by
 * the plugin capability; a node without it knows no actions.
 */
@FunctionalInterface
public interface StepActions {

    StepActions NONE = id -> Optional.empty();

    /** The inputs of one action: every name, those it cannot run without, and those that hold secrets. */
    record Inputs(Set<String> all, Set<String> required, Set<String> secret) {
    }

    Optional<Inputs> inputs(String actionId);
}
