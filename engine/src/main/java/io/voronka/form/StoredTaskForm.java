package io.voronka.form;

import java.time.LocalDateTime;

/**
 * One version of a task form as the database keeps it: who made it, when and from where
 * ({@code file forms/tasks/x.json} or {@code api}). A {@code deleted} version removed the form and
 * carries the form it removed.
 */
public record StoredTaskForm(String key, int version, FormDefinition form, String checksum, String origin, boolean deleted,
                             String changedBy, LocalDateTime changedAt) {
}
