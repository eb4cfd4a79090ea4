package io.voronka.plugin.api;

import java.util.Objects;

/**
 * Identity of one visit of one step of one process run. Two attempts of the same visit share the
 * key; two different steps, two passes of a loop, or two visits of the same step (a flow that loops
 * back to it) never do. {@code visit} counts the visits of the step on its execution from 1; the
 * first visit's key reads as keys did before visits were told apart.
 */
public record IdempotencyKey(String processInstanceId, String activityId, String executionId, int loopCounter,
                             int visit) {

    public IdempotencyKey {
        Objects.requireNonNull(processInstanceId, "processInstanceId");
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(executionId, "executionId");
    }

    /** The key of a first visit, or of work that is not a step. */
    public IdempotencyKey(String processInstanceId, String activityId, String executionId, int loopCounter) {
        this(processInstanceId, activityId, executionId, loopCounter, 1);
    }

    /** Compact string form, safe for headers and provider idempotency fields. */
    public String value() {
        String step = processInstanceId + ":" + activityId + ":" + executionId + ":" + loopCounter;
        return visit <= 1 ? step : step + ":" + visit;
    }

    @Override
    public String toString() {
        return value();
    }
}
