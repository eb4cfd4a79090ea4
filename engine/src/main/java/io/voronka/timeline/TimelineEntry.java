package io.voronka.timeline;

import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;

/**
 * One line of a record's timeline: {@code id} is unique within the record's timeline and stable
 * (kind prefix and the source's own id), {@code at} in UTC, {@code actor} a username or a process
 * name, {@code details} the kind's own fields.
 */
record TimelineEntry(String id, String kind, LocalDateTime at, String actor, JsonObject details) {
}
