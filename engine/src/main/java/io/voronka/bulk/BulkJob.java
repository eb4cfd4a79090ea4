package io.voronka.bulk;

import java.util.List;

/**
 * A mass action as its owner sees it: {@code done} records changed, {@code failed} records
 * refused (each in {@code errors}, up to the first hundred), out of {@code total} once the
 * selection is fixed (0 until then). State: queued, running, done (every record tried, some may
 * have failed) or failed (the job itself could not go on; {@code detail} says why).
 */
public record BulkJob(String id, String owner, String entity, String action, String state, long total, long done,
                      long failed, String detail, List<Failure> errors) {

    /** A record the action refused, and why (as the record's own API would have said). */
    public record Failure(String id, String detail) {
    }
}
