package io.voronka.plugin;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.storage.Database;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.SQLDataType;

/**
 * What each plugin step produced, keyed by its idempotency key. Written in its own transaction
 * right after the effect, so when the surrounding process transaction rolls back and the job is
 * retried, the retry finds the result here and does not repeat the effect.
 */
public final class InvocationJournal {

    private static final Field<String> KEY = field(name("idempotency_key"), SQLDataType.VARCHAR);
    private static final Field<String> ACTION = field(name("action_id"), SQLDataType.VARCHAR);
    private static final Field<String> OUTPUT = field(name("output"), SQLDataType.CLOB);
    private static final Field<LocalDateTime> CREATED = field(name("created_at"), SQLDataType.LOCALDATETIME);

    private final Database database;

    public InvocationJournal(Database database) {
        this.database = database;
    }

    public Optional<String> result(String key) {
        return database.withConnection(c -> database.dsl(c).select(OUTPUT).from(table(name("plugin_invocation")))
                .where(KEY.eq(key)).fetchOptional(OUTPUT));
    }

    public void record(String key, String actionId, String outputJson) {
        try {
            database.withConnection(c -> database.dsl(c).insertInto(table(name("plugin_invocation")), KEY, ACTION, OUTPUT, CREATED)
                    .values(key, actionId, outputJson, LocalDateTime.now(ZoneOffset.UTC)).execute());
        } catch (IntegrityConstraintViolationException e) {
            // Recorded already by a concurrent attempt of the same step: the first result stands.
        }
    }
}
