package io.voronka.record;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;

/** Saved views over HTTP: the console's list and kanban presets. */
public final class ViewRoutes {

    static final Schema NEW_VIEW = Schema.object()
            .required("entity", Schema.string().maxLength(40))
            .required("name", Schema.string().maxLength(200))
            .optional("shared", Schema.bool().description("seen by everyone who may read the entity; only admins share"))
            .optional("kind", Schema.enumOf("list", "kanban").description("default list"))
            .optional("filter", Schema.string().nullable().maxLength(4000).description("a rule expression, checked when saved"))
            .optional("sort", Schema.string().nullable().maxLength(100).description("as ?sort= of the list"))
            .optional("columns", Schema.arrayOf(Schema.string()).description("fields shown, in order"))
            .optional("groupBy", Schema.string().nullable().maxLength(64).description("a kanban's choice or user field"))
            .named("NewView");
    static final Schema VIEW = Schema.object()
            .required("id", Schema.string())
            .required("owner", Schema.string())
            .required("entity", Schema.string())
            .required("name", Schema.string())
            .required("shared", Schema.bool())
            .required("kind", Schema.enumOf("list", "kanban"))
            .required("filter", Schema.string().nullable())
            .required("sort", Schema.string().nullable())
            .required("columns", Schema.arrayOf(Schema.string()))
            .required("groupBy", Schema.string().nullable())
            .named("View");

    private final SavedViews views;

    public ViewRoutes(SavedViews views) {
        this.views = views;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/views").tag("views").summary("Your saved views and the shared ones (?entity=)")
                .query("entity", Schema.string().maxLength(40))
                .answers(Schema.object().required("items", Schema.arrayOf(VIEW)).named("Views")).signedIn(this::list);
        api.route(POST, "/api/v1/views").tag("views")
                .summary("Save a view; the filter is checked (422 with its position), columns and sort against the entity")
                .body(NEW_VIEW).answers(VIEW).status(201).fails(403).signedIn(this::create);
        api.route(PUT, "/api/v1/views/:id").tag("views")
                .summary("Replace a view: your own, or (admins) a shared one")
                .body(NEW_VIEW).answers(VIEW).fails(403).signedIn(this::replace);
        api.route(DELETE, "/api/v1/views/:id").tag("views")
                .summary("Delete a view: your own, or (admins) a shared one")
                .status(204).fails(403).signedIn(this::delete);
    }

    private Reply list(Call call) {
        JsonArray items = new JsonArray();
        views.list(call.actor(), call.query("entity")).forEach(v -> items.add(v.toJson()));
        return Reply.ok(new JsonObject().put("items", items));
    }

    private Reply create(Call call) {
        return Reply.created(views.create(call.actor(), call.body()).toJson());
    }

    private Reply replace(Call call) {
        return Reply.ok(views.replace(call.actor(), call.path("id"), call.body()).toJson());
    }

    private Reply delete(Call call) {
        views.delete(call.actor(), call.path("id"));
        return Reply.noContent();
    }
}
