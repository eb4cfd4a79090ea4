package io.voronka.plugin.api;

import java.util.Objects;

/**
 * Identity of one step of one process run. Two attempts of the same step share the key; two
 * different steps, or two passes of a loop, never do.
 */
public record IdempotencyKey(String processInstanceId, String activityId, String executionId, int loopCounter) {

    public IdempotencyKey {
        Objects.requireNonNull(processInstanceId, "processInstanceId");
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(executionId, "executionId");
    }

    /** Compact string form, safe for headers and provider idempotency fields. */
    public String value() {
        return processInstanceId + ":" + activityId + ":" + executionId + ":" + loopCounter;
    }

    @Override
    public String toString() {
        return value();
    }
}
