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
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The transactional outbox. A record change writes its event here in its own transaction, so the
 * event exists if and only if the change committed. The same transaction opens one delivery per
 * consumer ({@link EventDeliveries}); each consumer claims its delivery in the transaction of its
 * reaction, so each reacts once, and consumers progress independently of each other.
 */
public final class Outbox {

    /** The consumers that get every event. One today; the kernel's consumer registry will list more. */
    public static final List<String> CONSUMERS = List.of(EventDeliveries.PROCESS_TRIGGERS);

    static final Field<Long> ID = field(name("domain_event", "id"), SQLDataType.BIGINT);
    private static final Field<String> TYPE = field(name("event_type"), SQLDataType.VARCHAR);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Field<String> PAYLOAD = field(name("payload"), SQLDataType.CLOB);
    private static final Field<LocalDateTime> CREATED = field(name("created_at"), SQLDataType.LOCALDATETIME);

    private final SQLDialect dialect;

    public Outbox(SQLDialect dialect) {
        this.dialect = dialect;
    }

    public void publish(Connection connection, RecordEvent.Type type, String entity, String recordId, int version,
                        String actor, List<String> changedFields) {
        JsonObject payload = new JsonObject().put("version", version).put("actor", actor)
                .put("changed", new JsonArray(changedFields));
        DSLContext sql = DSL.using(connection, dialect);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        long id = sql.insertInto(table(name("domain_event")), TYPE, ENTITY, RECORD, PAYLOAD, CREATED)
                .values(type.name(), entity, recordId, payload.encode(), now)
                .returningResult(field(name("id"), SQLDataType.BIGINT)).fetchOne().value1();
        for (String consumer : CONSUMERS) {
            new EventDeliveries(dialect, consumer).open(connection, id, now);
        }
    }

    static RecordEvent event(org.jooq.Record r) {
        JsonObject payload = new JsonObject(r.get(PAYLOAD));
        List<String> changed = payload.getJsonArray("changed", new JsonArray()).stream().map(Object::toString).toList();
        return new RecordEvent(r.get(ID), RecordEvent.Type.valueOf(r.get(TYPE)), r.get(ENTITY), r.get(RECORD),
                payload.getInteger("version", 0), payload.getString("actor"), changed);
    }

    static List<Field<?>> eventFields() {
        return List.of(ID, TYPE, ENTITY, RECORD, PAYLOAD);
    }
}
