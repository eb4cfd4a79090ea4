package io.voronka.live;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.RecordVisibility;

/**
 * Who may hear a notice: a record notice goes to those who may see the record; a task notice to
 * admins, to the task's assignee and, while it waits in the pool, to every manager (their inbox
 * lists it), and never about a record they may not see; a job's progress only to the job's owner.
 */
final class LiveAudience {

    private final RecordVisibility visibility;

    LiveAudience(RecordVisibility visibility) {
        this.visibility = visibility;
    }

    boolean maySee(Actor actor, JsonObject notice) {
        String entity = notice.getString("entity");
        String recordId = notice.getString("recordId");
        boolean recordVisible = entity == null || recordId == null || visibility.canRead(actor, entity, recordId);
        return switch (notice.getString("kind", "")) {
            case "record", "timeline" -> recordVisible;
            case "task" -> recordVisible && (actor.isAdmin() || concerns(actor, notice.getString("assignee")));
            case "mention", "reminder" -> recordVisible && actor.username().equals(notice.getString("user"));
            case "job" -> actor.username().equals(notice.getString("owner"));
            default -> false;
        };
    }

    private static boolean concerns(Actor actor, String assignee) {
        return assignee == null || assignee.equals(actor.username()) || assignee.equals(actor.id());
    }
}
