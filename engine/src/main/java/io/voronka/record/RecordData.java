package io.voronka.record;

import java.time.LocalDateTime;
import java.util.Map;

/** One stored record: its identity, its optimistic-lock version and its typed values by field name. */
public record RecordData(String id, String entity, int version, LocalDateTime createdAt, LocalDateTime updatedAt,
                         String createdBy, Map<String, Object> values) {
}
