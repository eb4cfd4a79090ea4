package io.voronka.kernel.event;

import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.Vertx;
import io.voronka.kernel.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes events that every consumer has handled once they are older than the retention period. A
 * pending or stopped delivery keeps its event (someone still has to handle it), and delivery is
 * final, so an event found fully delivered stays so while it is deleted. One node sweeps at a time:
 * the sweep takes a cluster-wide lock and skips its turn when another node holds it.
 */
public final class EventRetention {

    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);
    private static final String LOCK = "voronka.events.retention";
    private static final int BATCH = 500;

    private final Database database;
    private final Duration retention;
    private final Clock clock;
    private Vertx vertx;
    private long timer = -1;

    public EventRetention(Database database, Duration retention, Clock clock) {
        this.database = database;
        this.retention = retention;
        this.clock = clock;
    }

    /** Sweeps every tenth of the retention period, between once a second and once an hour. */
    public void start(Vertx vertx) {
        this.vertx = vertx;
        long every = Math.clamp(retention.toMillis() / 10, 1000L, Duration.ofHours(1).toMillis());
        timer = vertx.setPeriodic(every, id -> sweepOnce());
    }

    public void stop() {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void sweepOnce() {
        vertx.sharedData().getLockWithTimeout(LOCK, 10).onSuccess(lock ->
                vertx.executeBlocking(this::prune, false).onComplete(done -> {
                    lock.release();
                    if (done.failed()) {
                        LOG.warn("pruning delivered events failed; next sweep tries again: {}", done.cause().getMessage());
                    } else if (done.result() > 0) {
                        LOG.debug("pruned {} delivered events", done.result());
                    }
                }));
        // No lock: another node is sweeping, and this one waits for its next turn.
    }

    /** Deletes delivered events older than the retention, in short batches; returns how many. */
    public int prune() {
        LocalDateTime cutoff = LocalDateTime.now(clock.withZone(java.time.ZoneOffset.UTC)).minus(retention);
        int pruned = 0;
        int found;
        do {
            int[] batch = database.inTransaction(c -> {
                DSLContext sql = DSL.using(c, database.dialect());
                List<Long> ids = sql.select(Outbox.ID).from(table(name("domain_event")))
                        .where(Outbox.CREATED.lt(cutoff))
                        .andNotExists(DSL.selectOne().from(EventDeliveries.DELIVERY)
                                .where(EventDeliveries.EVENT.eq(Outbox.ID))
                                .and(EventDeliveries.STATE.ne(EventDeliveries.State.DELIVERED.name())))
                        .orderBy(Outbox.ID).limit(BATCH).fetch(Outbox.ID);
                if (ids.isEmpty()) {
                    return new int[] {0, 0};
                }
                sql.deleteFrom(EventDeliveries.DELIVERY).where(EventDeliveries.EVENT.in(ids)).execute();
                return new int[] {ids.size(), sql.deleteFrom(table(name("domain_event"))).where(Outbox.ID.in(ids)).execute()};
            });
            found = batch[0];
            pruned += batch[1];
        } while (found == BATCH);
        return pruned;
    }
}
