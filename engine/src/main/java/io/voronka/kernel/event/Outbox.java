package io.voronka.kernel.event;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional outbox. A record change writes its event here in its own transaction, so the
 * event exists if and only if the change committed. The same transaction opens one delivery per
 * consumer ({@link EventDeliveries}); each consumer claims its delivery in the transaction of its
 * reaction, so each reacts once, and consumers progress independently of each other.
 *
 * <p>The consumers are named when the node boots, before anything can publish (a process job left
 * from before a restart may create a record while the node is still starting): an event gets
 * deliveries for the consumers named then, and a consumer added later starts with later events.
 *
 * <p>A consumer that can react in the change's own transaction ({@link InlineReaction}) does so when
 * the change runs through {@link #inTransaction}: one transaction and one commit instead of two.
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final Pattern CONSUMER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    static final Field<Long> ID = field(name("domain_event", "id"), SQLDataType.BIGINT);
    private static final Field<String> TYPE = field(name("event_type"), SQLDataType.VARCHAR);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Field<String> PAYLOAD = field(name("payload"), SQLDataType.CLOB);
    private static final Field<String> ORIGIN = field(name("origin"), SQLDataType.VARCHAR);
    static final Field<LocalDateTime> CREATED = field(name("domain_event", "created_at"), SQLDataType.LOCALDATETIME);

    private final SQLDialect dialect;
    private final List<String> consumers;
    private final EventDeliveries deliveries;
    private final List<InlineReaction> inline = new CopyOnWriteArrayList<>();
    private final List<AfterCommitReaction> afterCommit = new CopyOnWriteArrayList<>();
    /** Set while this thread wrote deliveries the dispatcher must find: see {@link #takeLeftPending}. */
    private static final ThreadLocal<Boolean> LEFT_PENDING = new ThreadLocal<>();

    /** An outbox whose events every named consumer receives. */
    public Outbox(SQLDialect dialect, List<String> consumers) {
        for (String consumer : consumers) {
            if (!CONSUMER_NAME.matcher(consumer).matches()) {
                throw new IllegalArgumentException("event consumer name '" + consumer
                        + "' must be lower case letters, digits and dashes (at most 64)");
            }
        }
        if (consumers.stream().distinct().count() != consumers.size()) {
            throw new IllegalArgumentException("event consumers named twice: " + consumers);
        }
        this.dialect = dialect;
        this.consumers = List.copyOf(consumers);
        this.deliveries = new EventDeliveries(dialect);
    }

    /** The consumers every event is delivered to. */
    public List<String> consumers() {
        return consumers;
    }

    /**
     * Lets {@code reaction}, one of this outbox's consumers, react to the events of changes run
     * through {@link #inTransaction} in their own transaction.
     */
    public void reactInline(InlineReaction reaction) {
        requireConsumer(reaction.name());
        inline.add(reaction);
    }

    /** Lets {@code reaction}, one of this outbox's consumers, send its notice once a change run through {@link #inTransaction} committed. */
    public void reactAfterCommit(AfterCommitReaction reaction) {
        requireConsumer(reaction.name());
        afterCommit.add(reaction);
    }

    private void requireConsumer(String name) {
        if (!consumers.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a consumer of this outbox: " + consumers);
        }
    }

    /**
     * Runs a change of {@code entity} that publishes {@code type} events in one transaction, with
     * the reactions that need no second one. When a consumer reacts inline to such a change, the
     * transaction is the one it opens; once the work returned, that consumer reacts to every event
     * the work published, before the one commit. Consumers that only send a notice
     * ({@link AfterCommitReaction}) send it once the change committed. The deliveries of both are
     * written delivered with the event; the others' pending, for the dispatcher.
     *
     * <p>If the inline reaction fails, the change is rolled back and made again without it, with that
     * delivery pending, so the dispatcher reacts after commit (with its retries and, in the end, an
     * incident): a change is never refused because a consumer could not react. The work must
     * therefore be harmless to run again after its first run rolled back.
     */
    public <T> T inTransaction(Database database, String entity, RecordEvent.Type type, Database.TransactionWork<T> work) {
        if (ChangeScope.active()) {
            return database.inTransaction(work); // a change inside a change: its events go the usual way
        }
        InlineReaction reaction = inline.stream().filter(r -> r.reactsInline(entity, type)).findFirst().orElse(null);
        if (reaction == null && afterCommit.isEmpty()) {
            return database.inTransaction(work);
        }
        try {
            return inScope(database, reaction, work);
        } catch (InlineReactionFailed failed) {
            LOG.warn("{} could not react to {} {} in its own transaction ({}); made again, the dispatcher delivers it after commit",
                    reaction.name(), type.name().toLowerCase(java.util.Locale.ROOT), entity, failed.getMessage());
            return inScope(database, null, work);
        }
    }

    private <T> T inScope(Database database, InlineReaction reaction, Database.TransactionWork<T> work) {
        List<ChangeScope.Published> committed = new java.util.ArrayList<>();
        Database.TransactionWork<T> reacting = connection -> {
            ChangeScope scope = ChangeScope.open(connection);
            try {
                T result = work.run(connection);
                List<ChangeScope.Published> published = scope.close();
                java.util.Set<String> delivered = new java.util.HashSet<>();
                afterCommit.forEach(r -> delivered.add(r.name()));
                if (reaction != null) {
                    delivered.add(reaction.name());
                }
                for (ChangeScope.Published event : published) {
                    if (reaction != null) {
                        reactTo(reaction, connection, event);
                    }
                    openDeliveries(connection, event.event().id(), event.at(), delivered);
                }
                committed.addAll(published);
                return result;
            } finally {
                scope.release();
            }
        };
        T result = reaction == null ? database.inTransaction(reacting) : reaction.transaction(database, reacting);
        for (ChangeScope.Published event : committed) {
            for (AfterCommitReaction notice : afterCommit) {
                try {
                    notice.afterCommit(event.event());
                } catch (RuntimeException e) {
                    LOG.warn("{} failed to react to committed event {}: {}", notice.name(), event.event().id(), e.getMessage());
                }
            }
        }
        return result;
    }

    private static void reactTo(InlineReaction reaction, Connection connection, ChangeScope.Published published) {
        try {
            reaction.react(connection, published.event(), published.values());
        } catch (Exception e) {
            throw new InlineReactionFailed(published.event(), e);
        }
    }

    /** Opens the event's deliveries, those in {@code delivered} as done; notes when some are left for the dispatcher. */
    private void openDeliveries(Connection connection, long eventId, LocalDateTime at, java.util.Set<String> delivered) {
        deliveries.open(connection, consumers, eventId, at, delivered);
        if (!delivered.containsAll(consumers)) {
            LEFT_PENDING.set(Boolean.TRUE);
        }
    }

    /**
     * Whether this thread wrote deliveries for the dispatcher since it last asked (and forgets it): a
     * writer that reacted to everything in its own transaction need not wake the dispatcher.
     */
    public boolean takeLeftPending() {
        boolean left = LEFT_PENDING.get() != null;
        LEFT_PENDING.remove();
        return left;
    }

    public RecordEvent publish(Connection connection, RecordEvent.Type type, String entity, String recordId, int version,
                               String actor, List<String> changedFields, Origin origin) {
        return publish(connection, type, entity, recordId, version, actor, changedFields, origin, null);
    }

    /**
     * Writes the event of a record change; {@code values} are the record's values as the change
     * stored them (null when not at hand), for a consumer reacting in the same transaction.
     */
    public RecordEvent publish(Connection connection, RecordEvent.Type type, String entity, String recordId, int version,
                               String actor, List<String> changedFields, Origin origin, Map<String, Object> values) {
        JsonObject payload = new JsonObject().put("version", version).put("actor", actor)
                .put("changed", new JsonArray(changedFields));
        DSLContext sql = DSL.using(connection, dialect);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        long id = sql.insertInto(table(name("domain_event")), TYPE, ENTITY, RECORD, PAYLOAD, ORIGIN,
                        field(name("created_at"), SQLDataType.LOCALDATETIME))
                .values(type.name(), entity, recordId, payload.encode(), origin.wire(), now)
                .returningResult(field(name("id"), SQLDataType.BIGINT)).fetchOne().value1();
        RecordEvent event = new RecordEvent(id, type, entity, recordId, version, actor, List.copyOf(changedFields), origin);
        ChangeScope scope = ChangeScope.collecting(connection);
        if (scope != null) {
            scope.add(event, values, now);
        } else {
            openDeliveries(connection, id, now, java.util.Set.of());
        }
        return event;
    }

    static RecordEvent event(org.jooq.Record r) {
        JsonObject payload = new JsonObject(r.get(PAYLOAD));
        List<String> changed = payload.getJsonArray("changed", new JsonArray()).stream().map(Object::toString).toList();
        return new RecordEvent(r.get(ID), RecordEvent.Type.valueOf(r.get(TYPE)), r.get(ENTITY), r.get(RECORD),
                payload.getInteger("version", 0), payload.getString("actor"), changed, Origin.fromWire(r.get(ORIGIN)));
    }

    static List<Field<?>> eventFields() {
        return List.of(ID, TYPE, ENTITY, RECORD, PAYLOAD, ORIGIN);
    }
}
