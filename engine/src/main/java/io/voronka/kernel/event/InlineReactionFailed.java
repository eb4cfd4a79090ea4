package io.voronka.kernel.event;

/** An inline reaction's failure, carried out of the change's transaction so the outbox can make the change again without it. */
final class InlineReactionFailed extends RuntimeException {

    InlineReactionFailed(RecordEvent event, Throwable cause) {
        super("event " + event.id() + " (" + event.type() + " " + event.entity() + " " + event.recordId() + "): "
                + EventDispatcher.innermostMessage(cause), cause);
    }
}
