package io.voronka.pipeline;

/**
 * A deployed process with lanes, as a board shows it: its newest version's stages, and the entity
 * its trigger starts it for (null when it names none; the board then reads each instance's entity).
 */
public record Pipeline(String key, String name, int version, String definitionId, String entity, StageMap stages) {
}
