package io.voronka.process;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The inbox views: {@code all} (what the caller may work on: theirs, their groups' pool, and for a
 * team head their members' tasks), {@code mine} (assigned to or delegated by the caller),
 * {@code groups} (everything in the caller's candidate groups they may see), {@code pool}
 * (unassigned, to claim) and {@code overdue} (past the due date).
 */
public enum TaskView {
    ALL, MINE, GROUPS, POOL, OVERDUE;

    public static Optional<TaskView> of(String text) {
        if (text == null) {
            return Optional.of(ALL);
        }
        return Arrays.stream(values()).filter(v -> v.name().toLowerCase(Locale.ROOT).equals(text)).findFirst();
    }

    /** Filters of the query string beside the view; null means not filtered. */
    public record Filter(TaskView view, String processKey, String entity, String recordId, int limit) {
    }
}
