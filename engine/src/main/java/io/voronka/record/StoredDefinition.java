package io.voronka.record;

import java.time.LocalDateTime;

/** One version of an entity definition as the database keeps it: who made it, when and from where. */
public record StoredDefinition(String name, int version, EntityDocument document, String checksum, String origin,
                               String changedBy, LocalDateTime changedAt) {
}
