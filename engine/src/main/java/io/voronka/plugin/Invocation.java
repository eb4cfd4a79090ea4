package io.voronka.plugin;

import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;

/**
 * One plugin step's call, as journaled: what to call with which input, for which waiting
 * execution, and how far it got. {@code output} is the action's result (JSON) once {@code DONE},
 * or {@code {"code","message"}} once {@code REJECTED}.
 */
record Invocation(String key, String actionId, String executionId, String processInstanceId, String activityId,
                  String input, State state, int attempts, String output, String lastError, LocalDateTime updatedAt) {

    enum State {
        /** Journaled before the call; someone calls (or will call again) the provider. */
        PENDING,
        /** The provider answered; the step continues with the output. */
        DONE,
        /** The provider refused for a business reason; the step raises a BPMN error. */
        REJECTED,
        /** Transient failures used up the attempts: an incident until an admin retries it. */
        STOPPED,
        /** An admin passed over the stopped call (who and why in {@code output}); the step leaves without a result. */
        SKIPPED;

        boolean settled() {
            return this == DONE || this == REJECTED || this == SKIPPED;
        }
    }

    JsonObject rejection() {
        return new JsonObject(output);
    }

    /** The call as the journal holds it once settled with this answer. */
    Invocation settledAs(State answered, String answer) {
        return new Invocation(key, actionId, executionId, processInstanceId, activityId, input, answered, attempts + 1,
                answer, lastError, updatedAt);
    }

    Invocation withAttempts(int value) {
        return new Invocation(key, actionId, executionId, processInstanceId, activityId, input, state, value, output,
                lastError, updatedAt);
    }
}
