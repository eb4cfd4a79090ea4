package io.voronka.process;

import io.voronka.kernel.event.RecordEvent;

/** "Start this process when a record of this entity is created / updated / deleted." */
public record Trigger(String processKey, String entity, RecordEvent.Type on) {
}
