package io.voronka.kernel.incident;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.Message;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Something that stopped after its attempts ran out and waits for a person: an event a consumer
 * could not handle, a plugin step whose provider kept failing, a process job Flowable dead-lettered.
 * {@code id} is {@code source:reference}, which is how a retry finds its way back to the source. The
 * summary is ours, worded in the reader's language; the message is the failure's own words.
 */
public record Incident(String id, String kind, Message summary, String message, int attempts,
                       String processInstanceId, LocalDateTime at, String elementId, String recordId) {

    /** An incident that names no BPMN element and no record. */
    public Incident(String id, String kind, String summary, String message, int attempts, String processInstanceId,
                    LocalDateTime at) {
        this(id, kind, Message.literal(summary), message, attempts, processInstanceId, at, null, null);
    }

    /** In English. */
    public JsonObject toJson() {
        return toJson(java.util.Locale.ENGLISH);
    }

    public JsonObject toJson(java.util.Locale language) {
        return new JsonObject().put("id", id).put("kind", kind).put("summary", summary.in(language)).put("message", message)
                .put("attempts", attempts).put("processInstanceId", processInstanceId)
                .put("at", at == null ? null : at.toInstant(ZoneOffset.UTC).toString())
                .put("elementId", elementId).put("recordId", recordId);
    }
}
