package io.voronka.kernel.event;

import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.util.Map;

/**
 * A consumer that can react to an event in the transaction of the change that made it, instead of
 * in a second transaction after the dispatcher found the event: process triggers start their
 * processes in the record's own transaction. Its delivery is then written delivered in that same
 * transaction, so the dispatcher never delivers it again, and a change that rolls back reacted to
 * nothing. See {@link Outbox#inTransaction}.
 */
public interface InlineReaction {

    /** The consumer's name: one of the outbox's consumers. */
    String name();

    /** Whether a change of {@code entity} publishing {@code type} events may get a reaction: only then is it run in {@link #transaction}. */
    boolean reactsInline(String entity, RecordEvent.Type type);

    /**
     * Runs the change and the reactions in one transaction on one connection (process triggers:
     * a Flowable command, so the process starts share it). Committed when {@code work} returns;
     * rolled back when it throws, and that exception is thrown as it was.
     */
    <T> T transaction(Database database, Database.TransactionWork<T> work);

    /**
     * Reacts to one event of the change, on the change's connection, before it commits; {@code values}
     * are the record's values as the change stored them. Throwing rolls the whole change back; the
     * outbox then makes it again without this reaction and leaves the event to the dispatcher.
     */
    void react(Connection connection, RecordEvent event, Map<String, Object> values) throws Exception;
}
