package io.voronka.kernel.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A small change notice published on the clustered event bus, so that every node can tell the
 * consoles it serves that something they show has changed. A notice carries no field values, only
 * what changed: a console that wants the values reads them through the API, where access applies.
 *
 * <p>Kinds: {@code record} (entity, recordId, type, changed fields, version, origin),
 * {@code task} (taskId, change created/assigned/completed, assignee, and the task's record),
 * {@code job} (a mass action's progress, for its owner), {@code timeline} (a comment or reminder
 * added to a record), and for one user only, {@code mention} and {@code reminder}.
 */
public final class LiveNotice {

    /** The event-bus address every node listens on and publishes to. */
    public static final String ADDRESS = "voronka.live.notices";

    private LiveNotice() {
    }

    public static JsonObject of(RecordEvent event) {
        return new JsonObject().put("kind", "record").put("entity", event.entity()).put("recordId", event.recordId())
                .put("type", event.type().name().toLowerCase(java.util.Locale.ROOT))
                .put("changed", new JsonArray(event.changedFields())).put("version", event.version())
                .put("origin", event.origin().wire()).put("eventId", event.id());
    }

    /**
     * A record's timeline gained an entry that is no record change ({@code item}: comment,
     * reminder): a card open anywhere reads its timeline again. Heard by whoever may read the record.
     */
    public static JsonObject timeline(String entity, String recordId, String item) {
        return new JsonObject().put("kind", "timeline").put("entity", entity).put("recordId", recordId).put("item", item);
    }

    /**
     * Something for one user about a record: {@code mention} (a comment names them; {@code commentId},
     * {@code by}) or {@code reminder} (one of theirs is due; {@code reminderId}). Only that user hears
     * it, and only while they may read the record.
     */
    public static JsonObject forUser(String kind, String username, String entity, String recordId, String itemKey,
                                     String itemId, String by) {
        return new JsonObject().put("kind", kind).put("user", username).put("entity", entity).put("recordId", recordId)
                .put(itemKey, itemId).put("by", by);
    }

    /**
     * A background job moved on ({@code jobId}, {@code state}, {@code total}, {@code done},
     * {@code failed}); only its {@code owner} hears it.
     */
    public static JsonObject job(String jobId, String owner, String state, long total, long done, long failed) {
        return new JsonObject().put("kind", "job").put("jobId", jobId).put("owner", owner).put("state", state)
                .put("total", total).put("done", done).put("failed", failed);
    }

    /**
     * A task was created, assigned or completed. {@code assignee} is the user the task is with
     * (null while it waits in a pool); the record fields are null for a task without a record.
     */
    public static JsonObject task(String change, String taskId, String assignee, String entity, String recordId) {
        return new JsonObject().put("kind", "task").put("change", change).put("taskId", taskId)
                .put("assignee", assignee).put("entity", entity).put("recordId", recordId);
    }
}
