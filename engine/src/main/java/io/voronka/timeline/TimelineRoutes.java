package io.voronka.timeline;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The card's timeline, comments and reminders over HTTP. */
public final class TimelineRoutes {

    static final Schema ITEM = Schema.object()
            .required("id", Schema.string().description("unique within the record's timeline, stable"))
            .required("kind", Schema.enumOf("created", "changed", "comment", "reminder", "task", "process", "message",
                    "deleted", "restored"))
            .required("at", Schema.dateTime().description("when it happened (a reminder: when it is due)"))
            .required("actor", Schema.string().nullable().description("a username, or a process as process:<key>"))
            .required("actorName", Schema.string().nullable().description("the user's display name, else the actor"))
            .optional("field", Schema.string().description("changed: the field"))
            .optional("oldValue", Schema.string().nullable().description("changed: the value before, as history keeps it"))
            .optional("newValue", Schema.string().nullable().description("changed: the value after"))
            .optional("entryId", Schema.integer().description("changed: the history entry, for .../history/{entryId}/restore"))
            .optional("version", Schema.integer().description("changed, deleted, restored: the record's version it made"))
            .optional("commentId", Schema.string())
            .optional("text", Schema.string().description("comment, reminder"))
            .optional("mentions", Schema.arrayOf(Schema.string()).description("comment: users it named who exist"))
            .optional("task", Schema.string().nullable().description("comment written on a task in the inbox: the task's name"))
            .optional("taskId", Schema.string().nullable().description("comment written on a task: the task"))
            .optional("taskLabels", Schema.mapOf(Schema.string()).nullable()
                    .description("comment written on a task: the task's name in other languages by language code"))
            .optional("reminderId", Schema.string())
            .optional("user", Schema.string().description("reminder: whom it reminds"))
            .optional("done", Schema.bool().description("reminder: marked done"))
            .optional("name", Schema.string().nullable().description("task: its name; process, message: the process's name"))
            .optional("labels", Schema.mapOf(Schema.string()).description("task: its name in other languages by language code"))
            .optional("outcome", Schema.string().nullable().description("task: the outcome chosen"))
            .optional("comment", Schema.string().nullable().description("task: the comment written"))
            .optional("step", Schema.string().nullable().description("process, message: the step"))
            .optional("stepLabels", Schema.mapOf(Schema.string()).description("process, message: the step's name in other languages"))
            .optional("type", Schema.string().description("process: the BPMN element type of the step"))
            .optional("action", Schema.string().description("message: the plugin action that sent it, e.g. email.send"))
            .named("TimelineItem");
    static final Schema PAGE = Schema.object()
            .required("items", Schema.arrayOf(ITEM))
            .required("next", Schema.string().nullable().description("pass as ?before= for the next page; null on the last"))
            .named("Timeline");
    static final Schema NEW_COMMENT = Schema.object()
            .required("text", Schema.string().maxLength(Comments.MAX_TEXT).description("@username mentions notify that user"))
            .named("NewComment");
    static final Schema REMINDER = Schema.object()
            .required("id", Schema.string())
            .required("entity", Schema.string())
            .required("recordId", Schema.string())
            .required("user", Schema.string())
            .required("createdBy", Schema.string())
            .required("at", Schema.dateTime())
            .required("text", Schema.string())
            .required("fired", Schema.bool().description("the live notice went out"))
            .required("done", Schema.bool())
            .named("Reminder");
    static final Schema NEW_REMINDER = Schema.object()
            .required("at", Schema.dateTime().description("when to remind, an ISO-8601 instant"))
            .required("text", Schema.string().maxLength(Reminders.MAX_TEXT))
            .optional("user", Schema.string().description("whom to remind (a username); default the caller"))
            .named("NewReminder");

    private final Timeline timeline;
    private final Comments comments;
    private final Reminders reminders;
    private final ActorNames names;

    TimelineRoutes(Timeline timeline, Comments comments, Reminders reminders, ActorNames names) {
        this.timeline = timeline;
        this.comments = comments;
        this.reminders = reminders;
        this.names = names;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/records/:entity/:id/timeline").tag("timeline")
                .summary("A record's timeline, newest first: creation, changes, comments, reminders, tasks, process steps, "
                        + "messages, deletion and restore")
                .query("limit", Schema.integer().between(1, 200).description("default 50"))
                .query("before", Schema.string().description("the next cursor of the previous page"))
                .answers(PAGE).signedIn(this::timeline);
        api.route(POST, "/api/v1/records/:entity/:id/comments").tag("timeline")
                .summary("Comment on a record; @username mentions notify that user live")
                .body(NEW_COMMENT).answers(ITEM).status(201).signedIn(this::comment);
        api.route(POST, "/api/v1/records/:entity/:id/reminders").tag("timeline")
                .summary("Set a reminder on a record, for yourself or a named user")
                .body(NEW_REMINDER).answers(REMINDER).status(201).signedIn(this::remind);
        api.route(GET, "/api/v1/reminders").tag("timeline")
                .summary("Your reminders not yet done: ?state=due (their time has come) or upcoming")
                .query("state", Schema.enumOf("due", "upcoming").description("default due"))
                .query("limit", Schema.integer().between(1, 500).description("default 100"))
                .answers(Schema.object().required("items", Schema.arrayOf(REMINDER)).named("Reminders"))
                .signedIn(this::mine);
        api.route(POST, "/api/v1/reminders/:id/done").tag("timeline").summary("Mark a reminder of yours done")
                .noBody().answers(REMINDER).signedIn(this::done);
    }

    private Reply timeline(Call call) {
        Timeline.Page page = timeline.page(call.actor(), call.path("entity"), call.path("id"),
                call.intQuery("limit", 50, 1, 200), call.query("before"));
        JsonArray items = new JsonArray();
        json(page.items()).forEach(items::add);
        return Reply.ok(new JsonObject().put("items", items).put("next", page.next()));
    }

    private Reply comment(Call call) {
        TimelineEntry entry = comments.add(call.actor(), call.path("entity"), call.path("id"), call.body().getValue("text"));
        return Reply.created(json(List.of(entry)).getFirst());
    }

    private Reply remind(Call call) {
        return Reply.created(json(reminders.create(call.actor(), call.path("entity"), call.path("id"), call.body())));
    }

    private Reply mine(Call call) {
        JsonArray items = new JsonArray();
        reminders.mine(call.actor(), call.query("state"), call.intQuery("limit", 100, 1, 500))
                .forEach(r -> items.add(json(r)));
        return Reply.ok(new JsonObject().put("items", items));
    }

    private Reply done(Call call) {
        return Reply.ok(json(reminders.done(call.actor(), call.path("id"))));
    }

    private List<JsonObject> json(List<TimelineEntry> entries) {
        Set<String> actors = new HashSet<>();
        entries.forEach(e -> actors.add(e.actor()));
        Map<String, String> actorNames = names.of(actors);
        return entries.stream().map(e -> new JsonObject().put("id", e.id()).put("kind", e.kind()).put("at", instant(e.at()))
                .put("actor", e.actor()).put("actorName", actorNames.get(e.actor())).mergeIn(e.details())).toList();
    }

    private static JsonObject json(Reminders.Reminder r) {
        return new JsonObject().put("id", r.id()).put("entity", r.entity()).put("recordId", r.recordId())
                .put("user", r.user()).put("createdBy", r.createdBy()).put("at", instant(r.dueAt()))
                .put("text", r.text()).put("fired", r.fired()).put("done", r.doneAt() != null);
    }

    private static String instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC).toString();
    }
}
