package io.voronka.kernel.event;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.TestDatabase;
import java.sql.Connection;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A migrated database of its own with an outbox and consumers whose reactions write a row in the
 * delivery's transaction, so a test counts what really committed, as a real consumer's effect.
 */
final class EventWorld implements AutoCloseable {

    static final Table<?> REACTION = DSL.table(DSL.name("reaction"));
    static final Field<String> CONSUMER = DSL.field(DSL.name("consumer"), SQLDataType.VARCHAR(64).notNull());
    static final Field<Long> EVENT = DSL.field(DSL.name("event_id"), SQLDataType.BIGINT.notNull());
    static final Field<String> ORIGIN = DSL.field(DSL.name("origin"), SQLDataType.VARCHAR(16));

    final TestDatabase testDatabase = TestDatabase.create();
    final Database database;
    final Outbox outbox;

    EventWorld(List<String> consumers) {
        database = Database.open(ConfigLoader.fromMap(testDatabase.config()), new SimpleMeterRegistry());
        database.migrate();
        database.inTransaction(c -> database.dsl(c).createTable(REACTION).column(CONSUMER).column(EVENT).column(ORIGIN)
                .execute());
        outbox = new Outbox(database.dialect(), consumers);
    }

    /** Publishes an event for a record id of the test's choosing, as a committed change would. */
    long publish(String recordId, Origin origin) {
        return database.inTransaction(c -> {
            outbox.publish(c, RecordEvent.Type.UPDATED, "contact", recordId, 2, "test", List.of("first_name"), origin);
            return lastEventId(c);
        });
    }

    private long lastEventId(Connection c) {
        return database.dsl(c).select(DSL.max(Outbox.ID)).from(DSL.table(DSL.name("domain_event"))).fetchOne().value1();
    }

    /** How many reactions of a consumer to an event committed. */
    int reactions(String consumer, long eventId) {
        return database.withConnection(c -> database.dsl(c).fetchCount(REACTION, CONSUMER.eq(consumer).and(EVENT.eq(eventId))));
    }

    String origin(String consumer, long eventId) {
        return database.withConnection(c -> database.dsl(c).select(ORIGIN).from(REACTION)
                .where(CONSUMER.eq(consumer)).and(EVENT.eq(eventId)).fetchOptional(ORIGIN).orElse(null));
    }

    EventDeliveries.State state(String consumer, long eventId) {
        return database.withConnection(c -> new EventDeliveries(database.dialect()).state(c, consumer, eventId)).orElse(null);
    }

    boolean eventExists(long eventId) {
        return database.withConnection(c -> database.dsl(c).fetchCount(DSL.table(DSL.name("domain_event")),
                Outbox.ID.eq(eventId)) == 1);
    }

    /** A consumer that records each reaction in its transaction and fails for the record ids in {@code broken}. */
    static final class Recording implements EventConsumer {
        final String name;
        final Set<String> broken = ConcurrentHashMap.newKeySet();
        final Map<Long, Integer> calls = new ConcurrentHashMap<>();

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void handle(Connection connection, RecordEvent event) throws Exception {
            calls.merge(event.id(), 1, Integer::sum);
            if (broken.contains(event.recordId())) {
                throw new IllegalStateException(name + " cannot handle " + event.recordId());
            }
            DSL.using(connection).insertInto(REACTION, CONSUMER, EVENT, ORIGIN)
                    .values(name, event.id(), event.origin().wire()).execute();
        }
    }

    static String recordId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        database.close();
        testDatabase.close();
    }
}
