package io.voronka.kernel.event;

import io.voronka.kernel.storage.Database;
import java.sql.Connection;

/**
 * One reader of the outbox: process triggers, live updates, and the capabilities to come. Each
 * consumer has its own delivery per event, so consumers progress, retry and stop independently.
 *
 * <p>The dispatcher claims the delivery and calls {@link #handle} in one transaction, the one
 * {@link #transaction} opens (several deliveries of this consumer may share it): a reaction that
 * fails rolls the claims back with it, so they are tried again; one that commits is never repeated. A reaction outside the database (a message on the
 * event bus) runs inside that transaction too and may, rarely, run again if the commit fails; make
 * such reactions harmless to repeat.
 */
public interface EventConsumer {

    /** Names the consumer's deliveries and incidents: lower case, digits and dashes, at most 64 characters. */
    String name();

    /** Reacts to one committed event; throwing rolls back the reaction and its claim and counts an attempt. */
    void handle(Connection connection, RecordEvent event) throws Exception;

    /**
     * Whether this consumer reacts to changes of {@code entity} inside the transaction that makes
     * them, when the writer opens its own ({@link InlineReactions}): the writer's work then runs in
     * {@link #transaction}, and no delivery is written for this consumer. At most one consumer per
     * entity can; the first that says so does.
     */
    default boolean reactsInline(String entity) {
        return false;
    }

    /**
     * Whether this consumer's reaction is a hint that may be lost (a crash between the commit and
     * the reaction): it then hears of changes made in an {@link InlineReactions} scope after their
     * commit, with no delivery and a null connection.
     */
    default boolean reactsAfterCommit() {
        return false;
    }

    /**
     * Runs the claim and the reaction in one transaction; a plain database transaction unless the
     * consumer must share another one (process triggers run inside a Flowable command).
     */
    default ReactionTransaction transaction(Database database) {
        return database::inTransaction;
    }

    /** One transaction around a claim and its reaction: committed when the work returns, rolled back when it throws. */
    @FunctionalInterface
    interface ReactionTransaction {
        boolean run(Database.TransactionWork<Boolean> work);
    }
}
