package io.voronka.pipeline;

import java.util.Map;
import java.util.Set;

/**
 * One stage of a pipeline: a lane of its process. {@code key} is the lane's {@code voronka:stage}
 * key or its id, {@code label} its name; {@code labels} its names in other languages by language
 * code (the lane's {@code <voronka:label lang="ru">} elements: BPMN gives an element one name, and
 * a Russian team's board should not read "Proposal"); {@code outcome} is "won" or "lost" for a
 * closing stage (a move to a lost stage needs a loss reason). {@code nodes} are the flow nodes the
 * lane holds.
 */
public record Stage(String key, String label, Map<String, String> labels, String outcome, Set<String> nodes) {

    public boolean lost() {
        return "lost".equals(outcome);
    }
}
