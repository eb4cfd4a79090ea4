package io.voronka.process;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts processes with a schedule trigger ({@code every="PT1H"}). Every node sweeps; each tick is
 * claimed with a compare-and-set on the schedule's row ({@code next_at} moves only if it still
 * holds what this node read), in the same transaction as the process start, so one node fires
 * each tick and a crash fires none twice. Ticks missed while every node was down fire once: the
 * next tick is the first one after now, not each one in between. A new schedule fires at once.
 */
public final class Schedules {

    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    private static final Table<?> SCHEDULE = table(name("process_schedule"));
    private static final Field<String> KEY = field(name("process_key"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> NEXT = field(name("next_at"), SQLDataType.LOCALDATETIME(3));
    private static final Field<Long> EVERY = field(name("every_ms"), SQLDataType.BIGINT);

    private final TriggerCatalog triggers;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final SQLDialect dialect;
    private final Clock clock;

    public Schedules(TriggerCatalog triggers, RuntimeService runtime, ManagementService management, SQLDialect dialect,
                     Clock clock) {
        this.triggers = triggers;
        this.runtime = runtime;
        this.management = management;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** One sweep: fires every schedule whose tick is due; returns how many processes it started. */
    public int sweep() {
        int started = 0;
        for (Trigger trigger : triggers.ofKind(Trigger.Kind.SCHEDULE)) {
            try {
                if (FlowableCommand.run(management, c -> fire(c, trigger))) {
                    started++;
                }
            } catch (RuntimeException e) {
                LOG.warn("schedule of {} did not fire; the next sweep tries again: {}", trigger.processKey(), e.getMessage());
            }
        }
        return started;
    }

    private boolean fire(Connection connection, Trigger trigger) {
        DSLContext sql = DSL.using(connection, dialect);
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).withNano(0);
        long every = trigger.every().toMillis();
        try {
            sql.insertInto(SCHEDULE, KEY, NEXT, EVERY).select(sql.select(DSL.val(trigger.processKey()), DSL.val(now), DSL.val(every))
                    .whereNotExists(sql.selectOne().from(SCHEDULE).where(KEY.eq(trigger.processKey())))).execute();
        } catch (org.jooq.exception.DataAccessException e) {
            // another node added the schedule at the same moment: its row is the one to claim
        }
        var row = sql.select(NEXT, EVERY).from(SCHEDULE).where(KEY.eq(trigger.processKey())).fetchOne();
        if (row == null || row.get(NEXT).isAfter(now)) {
            return false;
        }
        LocalDateTime due = row.get(NEXT);
        LocalDateTime next = due.plus(Duration.ofMillis(every));
        if (!next.isAfter(now)) {
            long missed = Duration.between(due, now).toMillis() / every;
            next = due.plus(Duration.ofMillis(every * (missed + 1)));
        }
        int claimed = sql.update(SCHEDULE).set(NEXT, next).set(EVERY, every)
                .where(KEY.eq(trigger.processKey())).and(NEXT.eq(due)).execute();
        if (claimed != 1) {
            return false; // another node fired this tick
        }
        runtime.startProcessInstanceByKey(trigger.processKey(), Map.of("scheduledAt", due.toInstant(ZoneOffset.UTC).toString()));
        LOG.debug("schedule started {} for the tick of {}", trigger.processKey(), due);
        return true;
    }
}
