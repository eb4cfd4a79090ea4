package io.voronka.record;

/** One entry of a record's history: who changed which field from what to what. */
public record FieldChange(int version, String actor, java.time.LocalDateTime at, String field,
                          String oldValue, String newValue) {
}
