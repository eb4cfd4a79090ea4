package io.voronka.kernel.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer that reacts in the change's own transaction: its reaction commits or rolls back with
 * the change, its delivery is written delivered so the dispatcher never repeats it, and when it
 * fails the change is made again and the event left to the dispatcher.
 */
class InlineReactionTest {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100));

    private final EventWorld world = new EventWorld(List.of("inline", "later"));
    private final Inline inline = new Inline();
    private final EventWorld.Recording later = new EventWorld.Recording("later");

    @AfterEach
    void close() {
        world.close();
    }

    /** Reacts inline to changes of contacts, in a plain transaction, like {@link EventWorld.Recording} otherwise. */
    static class Inline extends EventWorld.Recording implements InlineReaction {
        final Map<Long, Map<String, Object>> valuesSeen = new java.util.concurrent.ConcurrentHashMap<>();

        Inline() {
            super("inline");
        }

        @Override
        public boolean reactsInline(String entity, RecordEvent.Type type) {
            return entity.equals("contact");
        }

        @Override
        public <T> T transaction(Database database, Database.TransactionWork<T> work) {
            return database.inTransaction(work);
        }

        @Override
        public void react(Connection connection, RecordEvent event, Map<String, Object> values) throws Exception {
            if (values != null) {
                valuesSeen.put(event.id(), values);
            }
            handle(connection, event);
        }
    }

    private EventDispatcher dispatcher() {
        world.outbox.reactInline(inline);
        return new EventDispatcher(world.database, world.outbox, List.of(inline, later), QUICK, 2);
    }

    /** A change of one contact through the outbox's transaction; answers its event id. */
    private long change(String entity, String recordId, AtomicInteger runs) {
        return world.outbox.inTransaction(world.database, entity, RecordEvent.Type.UPDATED, c -> {
            runs.incrementAndGet();
            return world.outbox.publish(c, RecordEvent.Type.UPDATED, entity, recordId, 2, "test",
                    List.of("first_name"), Origin.API, Map.of("first_name", "Anna")).id();
        });
    }

    private int events(String recordId) {
        return world.database.withConnection(c -> world.database.dsl(c).fetchCount(DSL.table(DSL.name("domain_event")),
                DSL.field(DSL.name("record_id")).eq(recordId)));
    }

    @Test
    void aReactionInTheChangesTransactionCommitsWithItAndTheDispatcherNeverRepeatsIt() {
        EventDispatcher dispatcher = dispatcher();
        long event = change("contact", EventWorld.recordId(), new AtomicInteger());

        assertThat(world.reactions("inline", event)).as("reacted before the change answered").isEqualTo(1);
        assertThat(inline.valuesSeen.get(event)).as("handed the stored values, not read again").containsEntry("first_name", "Anna");
        assertThat(world.state("inline", event)).isEqualTo(EventDeliveries.State.DELIVERED);
        assertThat(world.state("later", event)).isEqualTo(EventDeliveries.State.PENDING);

        dispatcher.dispatchPending();
        assertThat(dispatcher.deliver("inline", new RecordEvent(event, RecordEvent.Type.UPDATED, "contact", "x", 2, "test",
                List.of(), Origin.API))).as("a dispatcher that still sees the event finds it delivered").isFalse();
        assertThat(world.reactions("inline", event)).isEqualTo(1);
        assertThat(world.reactions("later", event)).as("the other consumer still gets it from the dispatcher").isEqualTo(1);
    }

    @Test
    void aRolledBackChangeReactsToNothing() {
        dispatcher();
        String recordId = EventWorld.recordId();
        assertThatThrownBy(() -> world.outbox.inTransaction(world.database, "contact", RecordEvent.Type.UPDATED, c -> {
            world.outbox.publish(c, RecordEvent.Type.UPDATED, "contact", recordId, 2, "test", List.of("first_name"), Origin.API);
            throw new IllegalStateException("the change fails after publishing");
        })).hasMessage("the change fails after publishing");

        assertThat(events(recordId)).isZero();
        assertThat(inline.calls).as("no reaction ran for a change that failed").isEmpty();
    }

    @Test
    void aFailingReactionMakesTheChangeAgainAndLeavesTheEventToTheDispatcher() {
        EventDispatcher dispatcher = dispatcher();
        String recordId = EventWorld.recordId();
        inline.broken.add(recordId);
        AtomicInteger runs = new AtomicInteger();

        long event = change("contact", recordId, runs);

        assertThat(runs.get()).as("made once with the reaction, rolled back, made again without").isEqualTo(2);
        assertThat(events(recordId)).as("only the second change committed").isEqualTo(1);
        assertThat(world.reactions("inline", event)).isZero();
        assertThat(world.state("inline", event)).isEqualTo(EventDeliveries.State.PENDING);

        inline.broken.clear();
        dispatcher.dispatchPending();
        assertThat(world.reactions("inline", event)).as("delivered after commit, once").isEqualTo(1);
        assertThat(world.reactions("later", event)).isEqualTo(1);
    }

    @Test
    void eventsPublishedWhileReactingAndChangesNobodyReactsToGoToTheDispatcher() {
        EventDispatcher dispatcher = dispatcher();
        long other = change("deal", EventWorld.recordId(), new AtomicInteger());
        assertThat(world.state("inline", other)).as("no inline reaction for deals").isEqualTo(EventDeliveries.State.PENDING);

        long[] echo = new long[1];
        Inline echoing = new Inline() {
            @Override
            public void react(Connection connection, RecordEvent event, Map<String, Object> values) throws Exception {
                super.react(connection, event, values);
                if (echo[0] == 0) { // a reaction that changes a record itself, as a process step does
                    echo[0] = world.outbox.publish(connection, RecordEvent.Type.UPDATED, "contact", event.recordId(), 3,
                            "process:test", List.of("last_name"), Origin.PROCESS).id();
                }
            }
        };
        Outbox outbox = new Outbox(world.database.dialect(), List.of("inline", "later"));
        outbox.reactInline(echoing);
        long first = outbox.inTransaction(world.database, "contact", RecordEvent.Type.UPDATED, c -> outbox.publish(c,
                RecordEvent.Type.UPDATED, "contact", EventWorld.recordId(), 2, "api", List.of("first_name"), Origin.API).id());

        assertThat(world.state("inline", first)).isEqualTo(EventDeliveries.State.DELIVERED);
        assertThat(world.state("inline", echo[0])).as("the reaction's own change is delivered after commit")
                .isEqualTo(EventDeliveries.State.PENDING);
        assertThat(world.state("later", echo[0])).isEqualTo(EventDeliveries.State.PENDING);
        dispatcher.dispatchPending();
        assertThat(world.reactions("inline", echo[0])).isEqualTo(1);
    }

    /** Sends a notice after commit and checks the change is visible to others by then. */
    final class Notice implements AfterCommitReaction {
        final List<Long> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Boolean> committedWhenSent = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "later";
        }

        @Override
        public void afterCommit(RecordEvent event) {
            committedWhenSent.add(world.eventExists(event.id()));
            sent.add(event.id());
        }
    }

    @Test
    void aNoticeIsSentOnceTheChangeCommittedAndNeverByTheDispatcher() {
        Notice notice = new Notice();
        world.outbox.reactAfterCommit(notice);
        EventDispatcher dispatcher = dispatcher();
        world.outbox.takeLeftPending();

        long event = change("contact", EventWorld.recordId(), new AtomicInteger());

        assertThat(notice.sent).containsExactly(event);
        assertThat(notice.committedWhenSent).as("sent after the commit, not before").containsExactly(true);
        assertThat(world.state("later", event)).isEqualTo(EventDeliveries.State.DELIVERED);
        assertThat(world.outbox.takeLeftPending()).as("nothing left for the dispatcher: no need to wake it").isFalse();
        dispatcher.dispatchPending();
        assertThat(world.reactions("later", event)).as("the dispatcher does not deliver it again").isZero();

        String rolledBack = EventWorld.recordId();
        assertThatThrownBy(() -> world.outbox.inTransaction(world.database, "deal", RecordEvent.Type.UPDATED, c -> {
            world.outbox.publish(c, RecordEvent.Type.UPDATED, "deal", rolledBack, 2, "test", List.of(), Origin.API);
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(notice.sent).as("no notice for a change that rolled back").containsExactly(event);

        String failing = EventWorld.recordId();
        inline.broken.add(failing);
        long fellBack = change("contact", failing, new AtomicInteger());
        assertThat(notice.sent).as("the change made again still sends its notice, once").containsExactly(event, fellBack);
        assertThat(world.outbox.takeLeftPending()).as("the failed reaction is left to the dispatcher").isTrue();
    }
}
