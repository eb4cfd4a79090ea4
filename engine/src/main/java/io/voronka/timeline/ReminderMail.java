package io.voronka.timeline;

import static io.voronka.timeline.Reminders.DUE;
import static io.voronka.timeline.Reminders.ENTITY;
import static io.voronka.timeline.Reminders.ID;
import static io.voronka.timeline.Reminders.RECORD;
import static io.voronka.timeline.Reminders.REMINDER;
import static io.voronka.timeline.Reminders.TEXT;
import static io.voronka.timeline.Reminders.USER;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import io.voronka.auth.UserStore;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.kernel.storage.Database;
import io.voronka.plugin.OutgoingEmail;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails fired reminders to their users, through the email plugin the node is configured with.
 * The reminder row is the email's outbox ({@code mail_state}): {@link ReminderSweep}'s claim marks
 * it {@code due} in the statement that fires the reminder, so no email is owed for a reminder that
 * did not fire, and none is forgotten for one that did. A sender leases a due email by a
 * conditional UPDATE on its attempt count (two nodes cannot both win), sends, and records the
 * outcome; a sender that dies mid-way leaves its lease to run out and the next sweep sends again.
 * Every attempt carries the Message-ID derived from {@code reminder:<id>}, so a resend after an
 * unknown outcome is a copy receivers can drop: SMTP cannot promise more.
 */
final class ReminderMail {

    static final Field<String> STATE = field(name("mail_state"), SQLDataType.VARCHAR);
    static final Field<Integer> ATTEMPTS = field(name("mail_attempts"), SQLDataType.INTEGER);
    static final Field<LocalDateTime> NEXT = field(name("mail_next_at"), SQLDataType.LOCALDATETIME);
    static final Field<String> ERROR = field(name("mail_error"), SQLDataType.VARCHAR);

    static final String DUE_STATE = "due";
    static final String SENT = "sent";
    static final String NO_ADDRESS = "none";
    static final String REJECTED = "rejected";
    static final String STOPPED = "stopped";

    private static final Logger LOG = LoggerFactory.getLogger(ReminderMail.class);
    private static final int BATCH = 50;
    private static final int MAX_SUBJECT = 200;

    private final Database database;
    private final OutgoingEmail email;
    private final UserStore users;
    private final Clock clock;
    private final RetryPolicy retries;
    private final Duration lease;

    /** {@code email} null: this node has no email plugin, reminders ping the console only. */
    ReminderMail(Database database, OutgoingEmail email, UserStore users, Clock clock, RetryPolicy retries, Duration lease) {
        this.database = database;
        this.email = email;
        this.users = users;
        this.clock = clock;
        this.retries = retries;
        this.lease = lease;
    }

    /** Whether a reminder fired now owes an email: the node has an SMTP server configured. */
    boolean enabled() {
        return email != null && email.configured();
    }

    /** Sends the emails that are due (and whose lease, if any, ran out); answers how many the server accepted. */
    int send() {
        if (!enabled()) {
            return 0;
        }
        int sent = 0;
        LocalDateTime now = now();
        List<Record> due = database.withConnection(c -> DSL.using(c, database.dialect())
                .select(ID, ENTITY, RECORD, USER, DUE, TEXT, ATTEMPTS).from(REMINDER)
                .where(STATE.eq(DUE_STATE)).and(NEXT.le(now)).orderBy(NEXT, ID).limit(BATCH).fetch(r -> (Record) r));
        for (Record reminder : due) {
            int attempt = reminder.get(ATTEMPTS) + 1;
            if (!lease(reminder.get(ID), attempt, now)) {
                continue;
            }
            Optional<String> to = database.withConnection(c -> users.emailOf(c, reminder.get(USER)))
                    .filter(address -> !address.isBlank());
            if (to.isEmpty()) {
                settle(reminder.get(ID), NO_ADDRESS, null, null);
                continue;
            }
            OutgoingEmail.Result result = sendNow(reminder, to.get());
            switch (result.outcome()) {
                case SENT -> {
                    settle(reminder.get(ID), SENT, null, null);
                    sent++;
                }
                case REJECTED -> {
                    LOG.warn("the email for reminder {} to {} was refused: {}", reminder.get(ID), to.get(), result.detail());
                    settle(reminder.get(ID), REJECTED, result.detail(), null);
                }
                case FAILED -> retryLater(reminder.get(ID), attempt, result.detail());
            }
        }
        return sent;
    }

    /** Takes the email for this attempt: only the sender whose UPDATE still finds the previous count wins. */
    private boolean lease(String id, int attempt, LocalDateTime now) {
        return database.withConnection(c -> DSL.using(c, database.dialect()).update(REMINDER)
                .set(ATTEMPTS, attempt).set(NEXT, now.plus(lease))
                .where(ID.eq(id)).and(STATE.eq(DUE_STATE)).and(ATTEMPTS.eq(attempt - 1)).and(NEXT.le(now))
                .execute()) == 1;
    }

    private OutgoingEmail.Result sendNow(Record reminder, String to) {
        String text = reminder.get(TEXT);
        String firstLine = text.lines().findFirst().orElse(text);
        String subject = "Напоминание / Reminder: "
                + (firstLine.length() > MAX_SUBJECT ? firstLine.substring(0, MAX_SUBJECT) + "…" : firstLine);
        String body = text + "\n\n"
                + "Запись / Record: " + reminder.get(ENTITY) + " " + reminder.get(RECORD) + "\n"
                + "Время / Due: " + reminder.get(DUE).toInstant(ZoneOffset.UTC) + "\n";
        try {
            // Half the lease: an answer later than that could cross a second sender's attempt.
            return email.send("reminder:" + reminder.get(ID), to, subject, body)
                    .toCompletionStage().toCompletableFuture().get(lease.toMillis() / 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new OutgoingEmail.Result(OutgoingEmail.Outcome.FAILED, "no answer from the SMTP server in time");
        } catch (ExecutionException e) {
            return new OutgoingEmail.Result(OutgoingEmail.Outcome.FAILED, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OutgoingEmail.Result(OutgoingEmail.Outcome.FAILED, "interrupted");
        }
    }

    private void retryLater(String id, int attempt, String error) {
        if (retries.exhaustedAfter(attempt)) {
            LOG.error("the email for reminder {} stopped after {} attempts: {}", id, attempt, error);
            settle(id, STOPPED, error, null);
        } else {
            LOG.warn("the email for reminder {} failed attempt {} of {}, next in {} s: {}", id, attempt,
                    retries.attempts(), retries.delayAfter(attempt).toSeconds(), error);
            settle(id, DUE_STATE, error, now().plus(retries.delayAfter(attempt)));
        }
    }

    private void settle(String id, String state, String error, LocalDateTime next) {
        String detail = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        database.withConnection(c -> DSL.using(c, database.dialect()).update(REMINDER)
                .set(STATE, state).set(ERROR, detail).set(NEXT, next).where(ID.eq(id)).execute());
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }
}
