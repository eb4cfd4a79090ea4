package io.voronka.timeline;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.UserDirectory;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.kernel.storage.Database;
import io.voronka.record.RecordService;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Comments on a record ("called, will decide by Friday"), with {@code @username} mentions: anyone
 * who may read the record may comment; each mentioned user who exists hears a live notice after
 * the comment is committed (and only while they may read the record); a name that is no one's
 * stays plain text.
 */
final class Comments implements TimelineSource {

    static final int MAX_TEXT = 4000;
    /** A mention is @ then a username, not part of an email address (the @ starts a word). */
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}._%+-])@([A-Za-z0-9._-]{1,100})");
    /** Bounded so the stored list fits its column (15 usernames of up to 100 characters). */
    private static final int MAX_MENTIONS = 15;

    private static final Table<?> COMMENT = table(name("record_comment"));
    private static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Field<String> AUTHOR = field(name("author"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> AT = field(name("created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> TEXT = field(name("text"), SQLDataType.VARCHAR);
    private static final Field<String> MENTIONS = field(name("mentions"), SQLDataType.VARCHAR);

    private final Database database;
    private final RecordService records;
    private final UserDirectory users;
    private final Consumer<JsonObject> notices;

    Comments(Database database, RecordService records, UserDirectory users, Consumer<JsonObject> notices) {
        this.database = database;
        this.records = records;
        this.users = users;
        this.notices = notices;
    }

    /** Adds a comment to a record the actor may read (else 404); 400 naming {@code text} when empty or too long. */
    TimelineEntry add(Actor actor, String entity, String recordId, Object text) {
        String checked = checkedText(text);
        records.get(actor, entity, recordId);
        String id = UUID.randomUUID().toString();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        List<String> mentioned = database.inTransaction(c -> {
            List<String> existing = mentions(checked).stream().filter(u -> users.exists(c, u)).toList();
            DSL.using(c, database.dialect()).insertInto(COMMENT, ID, ENTITY, RECORD, AUTHOR, AT, TEXT, MENTIONS)
                    .values(id, entity, recordId, actor.username(), now, checked, new JsonArray(existing).encode())
                    .execute();
            return existing;
        });
        notices.accept(LiveNotice.timeline(entity, recordId, "comment"));
        for (String user : mentioned) {
            if (!user.equals(actor.username())) {
                notices.accept(LiveNotice.forUser("mention", user, entity, recordId, "commentId", id, actor.username()));
            }
        }
        return entry(id, actor.username(), now, checked, mentioned);
    }

    @Override
    public List<TimelineEntry> newestFirst(String entity, String recordId, LocalDateTime atOrBefore, int limit) {
        return database.withConnection(c -> DSL.using(c, database.dialect())
                .select(ID, AUTHOR, AT, TEXT, MENTIONS).from(COMMENT)
                .where(ENTITY.eq(entity)).and(RECORD.eq(recordId))
                .and(atOrBefore == null ? DSL.noCondition() : AT.le(atOrBefore))
                .orderBy(AT.desc(), ID.desc()).limit(limit)
                .fetch(r -> entry(r.get(ID), r.get(AUTHOR), r.get(AT), r.get(TEXT),
                        new JsonArray(r.get(MENTIONS)).stream().map(Object::toString).toList())));
    }

    private static TimelineEntry entry(String id, String author, LocalDateTime at, String text, List<String> mentions) {
        return new TimelineEntry("comment:" + id, "comment", at, author,
                new JsonObject().put("commentId", id).put("text", text).put("mentions", new JsonArray(mentions)));
    }

    /** Usernames written as @name, in order, each once (at most 15 are looked up). */
    static List<String> mentions(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(text);
        while (m.find() && names.size() < MAX_MENTIONS) {
            String name = m.group(1);
            while (name.endsWith(".") || name.endsWith("-")) {
                name = name.substring(0, name.length() - 1); // "thanks, @nina." ends a sentence
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static String checkedText(Object text) {
        if (!(text instanceof String s)) {
            throw DomainError.malformed("text", text == null ? "required" : "type", "must be the comment's text");
        }
        if (s.isBlank()) {
            throw DomainError.malformed("text", "required", "the comment is empty");
        }
        if (s.length() > MAX_TEXT) {
            throw DomainError.malformed("text", "maxLength", "must be at most " + MAX_TEXT + " characters");
        }
        return s.strip();
    }
}
