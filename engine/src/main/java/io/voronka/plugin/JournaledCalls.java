package io.voronka.plugin;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.storage.Database;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What the invocation journal can tell others: the calls a process made that the provider
 * accepted (an email sent, a payment taken), for the card's timeline. Read-only; the journal's
 * writes stay with {@link PluginCalls}.
 */
public final class JournaledCalls {

    /** A settled call: the action, the BPMN step that made it, its process instance and when it was done. */
    public record Done(String actionId, String activityId, String processInstanceId, LocalDateTime at) {
    }

    private static final Field<String> ACTION = field(name("action_id"), SQLDataType.VARCHAR);
    private static final Field<String> PROCESS = field(name("process_instance_id"), SQLDataType.VARCHAR);
    private static final Field<String> ACTIVITY = field(name("activity_id"), SQLDataType.VARCHAR);
    private static final Field<String> STATE = field(name("state"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> UPDATED = field(name("updated_at"), SQLDataType.LOCALDATETIME);

    private final Database database;

    public JournaledCalls(Database database) {
        this.database = database;
    }

    /** Calls done in these process instances (the journal has an index on the process instance). */
    public List<Done> doneIn(Collection<String> processInstanceIds) {
        if (processInstanceIds.isEmpty()) {
            return List.of();
        }
        return database.withConnection(c -> DSL.using(c, database.dialect())
                .select(ACTION, ACTIVITY, PROCESS, UPDATED).from(table(name("plugin_invocation")))
                .where(PROCESS.in(processInstanceIds)).and(STATE.eq(Invocation.State.DONE.name()))
                .fetch(r -> new Done(r.get(ACTION), r.get(ACTIVITY), r.get(PROCESS), r.get(UPDATED))));
    }
}
