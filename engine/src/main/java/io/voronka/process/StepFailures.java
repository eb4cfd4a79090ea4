package io.voronka.process;

import java.util.List;

/** Failed steps that Flowable does not know about as jobs (a plugin step waiting on its provider). */
@FunctionalInterface
public interface StepFailures {

    /**
     * A step that failed: waiting for its next attempt, or stopped for good (an incident).
     * {@code incidentId} is the id GET /api/v1/incidents lists it under.
     */
    record Failure(String activityId, String message, int retriesLeft, boolean incident, String incidentId) {
    }

    List<Failure> of(String processInstanceId);
}
