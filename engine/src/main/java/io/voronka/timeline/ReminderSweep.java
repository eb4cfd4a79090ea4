package io.voronka.timeline;

import static io.voronka.timeline.Reminders.DUE;
import static io.voronka.timeline.Reminders.FIRED;
import static io.voronka.timeline.Reminders.FIRED_BY;
import static io.voronka.timeline.Reminders.ID;
import static io.voronka.timeline.Reminders.REMINDER;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.kernel.storage.Database;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due reminders, once each, on whichever node gets there first: every node sweeps, and a
 * reminder belongs to the node whose conditional UPDATE ({@code fired_at IS NULL}) changed its
 * row; the others find it taken and move on. The live notice goes out after the claim committed.
 * A node that dies between its claim and the notice leaves the reminder fired but unheard; it
 * still lists as due for its user ({@code GET /reminders?state=due}), so nothing is lost but the
 * ping. When the node can send email, the claim also marks the reminder's email due, and
 * {@link ReminderMail} sends it after the notices, retrying until the SMTP server answers.
 */
final class ReminderSweep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReminderSweep.class);
    private static final int BATCH = 100;

    private final Database database;
    private final String node;
    private final Clock clock;
    private final Consumer<JsonObject> notices;
    private final ReminderMail mail;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private Vertx vertx;
    private long timer = -1;

    ReminderSweep(Database database, String node, Clock clock, Consumer<JsonObject> notices, ReminderMail mail) {
        this.mail = mail;
        this.database = database;
        this.node = node;
        this.clock = clock;
        this.notices = notices;
    }

    void start(Vertx vertx, long everyMillis) {
        this.vertx = vertx;
        timer = vertx.setPeriodic(everyMillis, id -> {
            if (sweeping.compareAndSet(false, true)) {
                vertx.executeBlocking(this::sweep, false).onComplete(done -> {
                    sweeping.set(false);
                    if (done.failed()) {
                        LOG.warn("firing due reminders failed; the next sweep tries again: {}", done.cause().getMessage());
                    }
                });
            }
        });
    }

    /** Fires what is due now, then sends the emails owed; returns how many reminders this sweep fired. */
    int sweep() {
        int fired = fire();
        mail.send();
        return fired;
    }

    /** Fires what is due now; returns how many reminders were claimed and announced. */
    private int fire() {
        int fired = 0;
        List<Reminders.Reminder> due;
        do {
            LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
            due = database.withConnection(c -> DSL.using(c, database.dialect())
                    .select(Reminders.ID, Reminders.ENTITY, Reminders.RECORD, Reminders.USER, Reminders.CREATED_BY,
                            DUE, Reminders.TEXT, FIRED, Reminders.DONE)
                    .from(REMINDER).where(FIRED.isNull()).and(Reminders.DONE.isNull()).and(DUE.le(now)).orderBy(DUE, ID).limit(BATCH)
                    .fetch(Reminders::reminder));
            for (Reminders.Reminder reminder : due) {
                if (claim(reminder.id(), now)) {
                    fired++;
                    notices.accept(LiveNotice.forUser("reminder", reminder.user(), reminder.entity(),
                            reminder.recordId(), "reminderId", reminder.id(), reminder.createdBy()));
                }
            }
        } while (due.size() == BATCH);
        return fired;
    }

    /** One statement, committed on its own: exactly one node's UPDATE finds the row unfired (and not done early). */
    private boolean claim(String id, LocalDateTime now) {
        boolean mailed = mail.enabled();
        return database.withConnection(c -> DSL.using(c, database.dialect()).update(REMINDER)
                .set(FIRED, now).set(FIRED_BY, node)
                .set(ReminderMail.STATE, mailed ? ReminderMail.DUE_STATE : null).set(ReminderMail.NEXT, mailed ? now : null)
                .where(ID.eq(id)).and(FIRED.isNull()).and(Reminders.DONE.isNull())
                .execute()) == 1;
    }

    @Override
    public void close() {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
