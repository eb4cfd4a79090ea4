package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The transactional outbox. A record change writes its event here in its own transaction, so the
 * event exists if and only if the change committed; consumers claim an event in the same
 * transaction as their reaction, so the reaction happens once.
 */
public final class Outbox {

    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> TYPE = field(name("event_type"), SQLDataType.VARCHAR);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Field<String> PAYLOAD = field(name("payload"), SQLDataType.CLOB);
    private static final Field<LocalDateTime> CREATED = field(name("created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> DISPATCHED = field(name("dispatched_at"), SQLDataType.LOCALDATETIME);

    private final SQLDialect dialect;

    public Outbox(SQLDialect dialect) {
        this.dialect = dialect;
    }

    public void publish(Connection connection, RecordEvent.Type type, String entity, String recordId, int version,
                        String actor, List<String> changedFields) {
        JsonObject payload = new JsonObject().put("version", version).put("actor", actor)
                .put("changed", new JsonArray(changedFields));
        DSL.using(connection, dialect).insertInto(table(name("domain_event")), TYPE, ENTITY, RECORD, PAYLOAD, CREATED)
                .values(type.name(), entity, recordId, payload.encode(), LocalDateTime.now(ZoneOffset.UTC))
                .execute();
    }

    /** Oldest events not yet dispatched, at most {@code limit}. */
    public List<RecordEvent> pending(Connection connection, int limit) {
        return DSL.using(connection, dialect).select(ID, TYPE, ENTITY, RECORD, PAYLOAD)
                .from(table(name("domain_event"))).where(DISPATCHED.isNull()).orderBy(ID.asc()).limit(limit)
                .fetch(r -> {
                    JsonObject payload = new JsonObject(r.get(PAYLOAD));
                    List<String> changed = payload.getJsonArray("changed", new JsonArray()).stream()
                            .map(Object::toString).toList();
                    return new RecordEvent(r.get(ID), RecordEvent.Type.valueOf(r.get(TYPE)), r.get(ENTITY),
                            r.get(RECORD), payload.getInteger("version", 0), payload.getString("actor"), changed);
                });
    }

    /**
     * Marks an event dispatched; true only for the one caller that got there first. Called inside
     * the consumer's transaction, so a rolled-back reaction leaves the event pending.
     */
    public boolean claim(Connection connection, long eventId) {
        return DSL.using(connection, dialect).update(table(name("domain_event")))
                .set(DISPATCHED, LocalDateTime.now(ZoneOffset.UTC))
                .where(ID.eq(eventId)).and(DISPATCHED.isNull()).execute() == 1;
    }
}
