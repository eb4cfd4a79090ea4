package io.voronka.kernel.event;

/**
 * A consumer whose whole reaction is a notice to others (live updates on the event bus) and that
 * writes nothing. For a change run through {@link Outbox#inTransaction} its delivery is written
 * delivered in the change's transaction and the notice is sent once the change committed, so a
 * change costs no second transaction. A node that dies between the commit and the notice loses that
 * notice, as the bus itself may lose one: such a reaction must be a hint to read again, never a duty.
 * Changes made otherwise (process steps, imports, other nodes' polls) reach it through the dispatcher.
 */
public interface AfterCommitReaction {

    /** The consumer's name: one of the outbox's consumers. */
    String name();

    /** Sends the notice of a committed event; must not block and must not throw. */
    void afterCommit(RecordEvent event);
}
