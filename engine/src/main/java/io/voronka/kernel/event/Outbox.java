package io.voronka.kernel.event;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import io.voronka.kernel.storage.RenderedInserts;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

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
 * <p>A change made in an {@link InlineReactions} scope writes no delivery for the consumers that
 * react to it there (in its transaction, or after its commit).
 */
public final class Outbox {

    private static final Pattern CONSUMER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    static final Field<Long> ID = field(name("domain_event", "id"), SQLDataType.BIGINT);
    private static final Field<String> TYPE = field(name("event_type"), SQLDataType.VARCHAR);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Field<String> PAYLOAD = field(name("payload"), SQLDataType.CLOB);
    private static final Field<String> ORIGIN = field(name("origin"), SQLDataType.VARCHAR);
    static final Field<LocalDateTime> CREATED = field(name("domain_event", "created_at"), SQLDataType.LOCALDATETIME);
    private static final List<Field<?>> EVENT_COLUMNS = List.of(TYPE, ENTITY, RECORD, PAYLOAD, ORIGIN, CREATED);

    private final SQLDialect dialect;
    private final List<String> consumers;
    private final EventDeliveries deliveries;

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

    public void publish(Connection connection, RecordEvent.Type type, String entity, String recordId, int version,
                        String actor, List<String> changedFields, Origin origin) {
        JsonObject payload = new JsonObject().put("version", version).put("actor", actor)
                .put("changed", new JsonArray(changedFields));
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        long id = RenderedInserts.insertReturningKey(connection, dialect, "domain_event", EVENT_COLUMNS,
                type.name(), entity, recordId, payload.encode(), origin.wire(), now);
        InlineReactions.Scope inline = InlineReactions.on(connection);
        for (String consumer : consumers) {
            if (inline == null || !inline.takes(consumer)) {
                deliveries.open(connection, consumer, id, now);
                if (inline != null) {
                    inline.opened();
                }
            }
        }
        if (inline != null) {
            inline.published(new RecordEvent(id, type, entity, recordId, version, actor, List.copyOf(changedFields), origin));
        }
    }

    /** Whether the event is stored: the transaction that wrote it committed (and retention has not reached it). */
    static boolean stored(Connection connection, SQLDialect dialect, long eventId) {
        return DSL.using(connection, dialect).fetchExists(table(name("domain_event")), ID.eq(eventId));
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
