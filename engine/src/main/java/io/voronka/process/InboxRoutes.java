package io.voronka.process;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;
import io.voronka.record.RecordRoutes;
import java.util.regex.Pattern;

/** The task inbox over HTTP: views, claim, unclaim, delegate, resolve, reassign, complete, comments. */
public final class InboxRoutes {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.:-]{1,255}$");

    static final Schema TASK_FORM = Schema.object()
            .optional("key", Schema.string().nullable())
            .optional("label", Schema.string().nullable())
            .optional("labels", Schema.mapOf(Schema.string()).description("the form's label in other languages by BCP 47 tag"))
            .required("fields", Schema.arrayOf(RecordRoutes.FIELD))
            .named("TaskForm");
    static final Schema TASK = Schema.object()
            .required("id", Schema.string())
            .required("name", Schema.string().nullable())
            .required("labels", Schema.mapOf(Schema.string())
                    .description("the task's name in other languages by language code (its voronka:label elements)"))
            .required("processInstanceId", Schema.string())
            .required("processKey", Schema.string().nullable())
            .required("recordId", Schema.string().nullable())
            .required("entity", Schema.string().nullable())
            .required("assignee", Schema.string().nullable())
            .required("owner", Schema.string().nullable().description("who delegated the task, while it is delegated and after"))
            .required("delegation", Schema.enumOf("pending", "resolved").nullable())
            .required("candidateGroups", Schema.arrayOf(Schema.string()))
            .required("createdAt", Schema.dateTime().nullable())
            .required("dueDate", Schema.dateTime().nullable())
            .required("overdue", Schema.bool())
            .required("priority", Schema.integer())
            .required("recordTitle", Schema.string().nullable())
            .required("phone", Schema.string().nullable())
            .required("call", Schema.string().nullable().description("tel: link of the record's phone"))
            .required("form", TASK_FORM)
            .named("Task");
    static final Schema COMPLETION = Schema.object()
            .optional("values", RecordRoutes.FIELD_VALUES.description("the task form's values, e.g. outcome and comment"))
            .named("TaskCompletion");
    static final Schema USER_CHOICE = Schema.object().required("user", Schema.string().maxLength(100)).named("TaskUser");
    static final Schema RESOLUTION = Schema.object().optional("comment", Schema.string().maxLength(4000)).named("TaskResolution");
    static final Schema NEW_COMMENT = Schema.object().required("text", Schema.string().maxLength(4000)).named("NewTaskComment");
    static final Schema COMMENT = Schema.object()
            .required("id", Schema.string())
            .required("author", Schema.string().nullable())
            .required("at", Schema.dateTime())
            .required("text", Schema.string().nullable())
            .named("TaskComment");

    private final Inbox inbox;

    public InboxRoutes(Inbox inbox) {
        this.inbox = inbox;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/tasks").tag("tasks").summary("Tasks in the caller's inbox, oldest first")
                .query("view", Schema.enumOf("all", "mine", "groups", "pool", "overdue"))
                .query("processKey", Schema.string())
                .query("entity", Schema.string())
                .query("recordId", Schema.string())
                .query("limit", Schema.integer().description("1..500, default 500"))
                .answers(Schema.arrayOf(TASK)).signedIn(this::list);
        api.route(POST, "/api/v1/tasks/:id/claim").tag("tasks").summary("Claim a task")
                .noBody().answers(TASK).fails(409).signedIn(this::claim);
        api.route(POST, "/api/v1/tasks/:id/unclaim").tag("tasks").summary("Give a claimed task back to its groups' pool")
                .noBody().answers(TASK).fails(403, 409).signedIn(this::unclaim);
        api.route(POST, "/api/v1/tasks/:id/delegate").tag("tasks")
                .summary("Hand the task to a user for a while; it comes back when they resolve it")
                .body(USER_CHOICE).answers(TASK).fails(403, 409).signedIn(this::delegate);
        api.route(POST, "/api/v1/tasks/:id/resolve").tag("tasks").summary("The delegate hands the task back")
                .body(RESOLUTION).answers(TASK).fails(403, 409).signedIn(this::resolve);
        api.route(POST, "/api/v1/tasks/:id/reassign").tag("tasks")
                .summary("Give the task to another user (admins, and heads of the assignee's team)")
                .body(USER_CHOICE).answers(TASK).fails(403, 409).signedIn(this::reassign);
        api.route(POST, "/api/v1/tasks/:id/complete").tag("tasks").summary("Complete a task with its form values")
                .body(COMPLETION).status(204).fails(403, 409).signedIn(this::complete);
        api.route(GET, "/api/v1/tasks/:id/comments").tag("tasks").summary("The task's comments, oldest first")
                .answers(Schema.arrayOf(COMMENT)).signedIn(this::comments);
        api.route(POST, "/api/v1/tasks/:id/comments").tag("tasks").summary("Comment on a task")
                .body(NEW_COMMENT).answers(COMMENT).status(201).signedIn(this::comment);
    }

    private Reply list(Call call) {
        TaskView view = TaskView.of(call.query("view"))
                .orElseThrow(() -> DomainError.malformed("view", "enum", Message.of("task.view")));
        TaskView.Filter filter = new TaskView.Filter(view, name(call, "processKey"), name(call, "entity"),
                name(call, "recordId"), call.intQuery("limit", 500, 1, 500));
        return Reply.ok(inbox.toJson(call.actor(), inbox.list(call.actor(), filter)));
    }

    private static String name(Call call, String parameter) {
        String value = call.query(parameter);
        if (value != null && !NAME.matcher(value).matches()) {
            throw DomainError.malformed(parameter, "format", Message.of("task.filter.name"));
        }
        return value;
    }

    private Reply claim(Call call) {
        return Reply.ok(inbox.toJson(call.actor(), inbox.claim(call.actor(), call.path("id"))));
    }

    private Reply unclaim(Call call) {
        return Reply.ok(inbox.toJson(call.actor(), inbox.unclaim(call.actor(), call.path("id"))));
    }

    private Reply delegate(Call call) {
        return Reply.ok(inbox.toJson(call.actor(), inbox.delegate(call.actor(), call.path("id"), user(call.body()))));
    }

    private Reply resolve(Call call) {
        String comment = text(call.body(), "comment", false);
        return Reply.ok(inbox.toJson(call.actor(), inbox.resolve(call.actor(), call.path("id"), comment)));
    }

    private Reply reassign(Call call) {
        return Reply.ok(inbox.toJson(call.actor(), inbox.reassign(call.actor(), call.path("id"), user(call.body()))));
    }

    private Reply complete(Call call) {
        JsonObject body = call.body();
        Object values = body.getValue("values", new JsonObject());
        if (!(values instanceof JsonObject object)) {
            throw DomainError.malformed("values", "type", Message.of("task.values"));
        }
        inbox.complete(call.actor(), call.path("id"), object.getMap());
        return Reply.noContent();
    }

    private Reply comments(Call call) {
        return Reply.ok(inbox.comments(call.actor(), call.path("id")));
    }

    private Reply comment(Call call) {
        return Reply.created(inbox.comment(call.actor(), call.path("id"), text(call.body(), "text", true)));
    }

    private static String user(JsonObject body) {
        return text(body, "user", true);
    }

    private static String text(JsonObject body, String field, boolean required) {
        Object value = body.getValue(field);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw DomainError.malformed(field, value == null ? "required" : "type", Message.of("task.text.required"));
        }
        if (text.length() > ("user".equals(field) ? 100 : 4000)) {
            throw DomainError.invalid(field, "maxLength", Message.of("task.text.long"));
        }
        return text;
    }
}
