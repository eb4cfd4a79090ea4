package io.voronka.timeline;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.RecordVisibility;
import io.voronka.kernel.access.UserDirectory;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.kernel.storage.Database;
import io.voronka.record.RecordService;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Reminders on records: "call back on Friday at 10". Set by anyone who may read the record, for
 * themselves or a named user; {@link ReminderSweep} fires each once when due; the user lists theirs
 * (due or upcoming) and marks them done. A reminder shows on the record's timeline at its time.
 */
final class Reminders implements TimelineSource {

    /** One reminder as its user lists it. */
    record Reminder(String id, String entity, String recordId, String user, String createdBy, LocalDateTime dueAt,
                    String text, boolean fired, LocalDateTime doneAt) {
    }

    static final int MAX_TEXT = 1000;

    static final Table<?> REMINDER = table(name("record_reminder"));
    static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    static final Field<String> RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    static final Field<String> USER = field(name("username"), SQLDataType.VARCHAR);
    static final Field<String> CREATED_BY = field(name("created_by"), SQLDataType.VARCHAR);
    static final Field<LocalDateTime> CREATED_AT = field(name("created_at"), SQLDataType.LOCALDATETIME);
    static final Field<LocalDateTime> DUE = field(name("due_at"), SQLDataType.LOCALDATETIME);
    static final Field<String> TEXT = field(name("text"), SQLDataType.VARCHAR);
    static final Field<LocalDateTime> FIRED = field(name("fired_at"), SQLDataType.LOCALDATETIME);
    static final Field<String> FIRED_BY = field(name("fired_by"), SQLDataType.VARCHAR);
    static final Field<LocalDateTime> DONE = field(name("done_at"), SQLDataType.LOCALDATETIME);

    private final Database database;
    private final RecordService records;
    private final RecordVisibility visibility;
    private final UserDirectory users;
    private final Clock clock;
    private final Consumer<JsonObject> notices;

    Reminders(Database database, RecordService records, RecordVisibility visibility, UserDirectory users, Clock clock,
              Consumer<JsonObject> notices) {
        this.notices = notices;
        this.database = database;
        this.records = records;
        this.visibility = visibility;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Sets a reminder on a record the actor may read (else 404). 400 naming {@code at} (not an
     * ISO instant, or beyond what the database stores), {@code text} (empty, too long) or
     * {@code user} (not text); 422 {@code user} when no such user exists.
     */
    Reminder create(Actor actor, String entity, String recordId, JsonObject body) {
        LocalDateTime due = instant(body.getValue("at"));
        String text = text(body.getValue("text"));
        Object named = body.getValue("user");
        if (named != null && !(named instanceof String)) {
            throw DomainError.malformed("user", "type", "must be a username");
        }
        String user = named == null ? actor.username() : ((String) named).strip();
        records.get(actor, entity, recordId);
        String id = UUID.randomUUID().toString();
        database.inTransaction(c -> {
            if (!user.equals(actor.username()) && (user.length() > 100 || !users.exists(c, user))) {
                throw DomainError.invalid("user", "exists", "no user called '" + user + "'");
            }
            DSL.using(c, database.dialect()).insertInto(REMINDER, ID, ENTITY, RECORD, USER, CREATED_BY, CREATED_AT, DUE, TEXT)
                    .values(id, entity, recordId, user, actor.username(), now(), due, text).execute();
            return null;
        });
        notices.accept(LiveNotice.timeline(entity, recordId, "reminder"));
        return new Reminder(id, entity, recordId, user, actor.username(), due, text, false, null);
    }

    /**
     * The caller's reminders not yet done: {@code due} (their time has come, fired or not yet),
     * {@code upcoming} (still ahead); only about records they may read now, soonest first.
     */
    List<Reminder> mine(Actor actor, String state, int limit) {
        boolean due = switch (state == null ? "due" : state) {
            case "due" -> true;
            case "upcoming" -> false;
            default -> throw DomainError.malformed("state", "enum", "must be due or upcoming");
        };
        LocalDateTime now = now();
        List<Reminder> candidates = database.withConnection(c -> DSL.using(c, database.dialect())
                .select(ID, ENTITY, RECORD, USER, CREATED_BY, DUE, TEXT, FIRED, DONE).from(REMINDER)
                .where(USER.eq(actor.username())).and(DONE.isNull())
                .and(due ? DUE.le(now) : DUE.gt(now))
                .orderBy(due ? DUE.desc() : DUE.asc(), ID.asc()).limit(limit)
                .fetch(Reminders::reminder));
        Map<String, Set<String>> idsByEntity = new HashMap<>();
        candidates.forEach(r -> idsByEntity.computeIfAbsent(r.entity(), e -> new HashSet<>()).add(r.recordId()));
        Set<String> readable = new HashSet<>();
        idsByEntity.forEach((entity, ids) -> visibility.readable(actor, entity, ids).forEach(id -> readable.add(entity + "/" + id)));
        List<Reminder> result = new ArrayList<>();
        candidates.stream().filter(r -> readable.contains(r.entity() + "/" + r.recordId())).forEach(result::add);
        return result;
    }

    /** Marks a reminder done: its user or whoever set it may; anyone else hears 404. Done twice is done. */
    Reminder done(Actor actor, String id) {
        Reminder done = database.inTransaction(c -> {
            var sql = DSL.using(c, database.dialect());
            Reminder reminder = sql.select(ID, ENTITY, RECORD, USER, CREATED_BY, DUE, TEXT, FIRED, DONE).from(REMINDER)
                    .where(ID.eq(id)).and(USER.eq(actor.username()).or(CREATED_BY.eq(actor.username())))
                    .forUpdate().fetchOptional(Reminders::reminder)
                    .filter(r -> visibility.canRead(actor, r.entity(), r.recordId()))
                    .orElseThrow(() -> DomainError.notFound("no reminder " + id + " of yours"));
            if (reminder.doneAt() != null) {
                return reminder;
            }
            LocalDateTime now = now();
            sql.update(REMINDER).set(DONE, now).where(ID.eq(id)).execute();
            return new Reminder(reminder.id(), reminder.entity(), reminder.recordId(), reminder.user(),
                    reminder.createdBy(), reminder.dueAt(), reminder.text(), reminder.fired(), now);
        });
        notices.accept(LiveNotice.timeline(done.entity(), done.recordId(), "reminder"));
        return done;
    }

    @Override
    public List<TimelineEntry> newestFirst(String entity, String recordId, LocalDateTime atOrBefore, int limit) {
        return database.withConnection(c -> DSL.using(c, database.dialect())
                .select(ID, ENTITY, RECORD, USER, CREATED_BY, DUE, TEXT, FIRED, DONE).from(REMINDER)
                .where(ENTITY.eq(entity)).and(RECORD.eq(recordId))
                .and(atOrBefore == null ? DSL.noCondition() : DUE.le(atOrBefore))
                .orderBy(DUE.desc(), ID.desc()).limit(limit)
                .fetch(r -> {
                    Reminder reminder = reminder(r);
                    return new TimelineEntry("reminder:" + reminder.id(), "reminder", reminder.dueAt(), reminder.createdBy(),
                            new JsonObject().put("reminderId", reminder.id()).put("text", reminder.text())
                                    .put("user", reminder.user()).put("done", reminder.doneAt() != null));
                }));
    }

    static Reminder reminder(Record r) {
        return new Reminder(r.get(ID), r.get(ENTITY), r.get(RECORD), r.get(USER), r.get(CREATED_BY), r.get(DUE),
                r.get(TEXT), r.get(FIRED) != null, r.get(DONE));
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
    }

    private static LocalDateTime instant(Object value) {
        if (!(value instanceof String s) || s.length() > 40) {
            throw DomainError.malformed("at", value == null ? "required" : "type",
                    "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z");
        }
        try {
            LocalDateTime at = LocalDateTime.ofInstant(Instant.parse(s), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
            if (at.getYear() < 1000 || at.getYear() > 9999) {
                throw DomainError.invalid("at", "range", "must lie between the years 1000 and 9999");
            }
            return at;
        } catch (DateTimeException e) {
            throw DomainError.malformed("at", "format", "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z");
        }
    }

    private static String text(Object value) {
        if (!(value instanceof String s)) {
            throw DomainError.malformed("text", value == null ? "required" : "type", "must be the reminder's text");
        }
        if (s.isBlank()) {
            throw DomainError.malformed("text", "required", "the reminder says nothing");
        }
        if (s.length() > MAX_TEXT) {
            throw DomainError.malformed("text", "maxLength", "must be at most " + MAX_TEXT + " characters");
        }
        return s.strip();
    }
}
