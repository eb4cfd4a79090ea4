package io.voronka.plugin;

import static io.vertx.core.http.HttpMethod.GET;

import io.vertx.core.json.JsonArray;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;

/** The actions plugins contribute, for the process designer's palette. */
public final class ActionRoutes {

    static final Schema ACTION_INPUT = Schema.object()
            .required("name", Schema.string())
            .required("type", Schema.enumOf("text", "number", "decimal", "boolean"))
            .required("label", Schema.string())
            .optional("description", Schema.string())
            .optional("group", Schema.string())
            .required("required", Schema.bool())
            .required("secret", Schema.bool().description("write-only: never shown again once saved"))
            .optional("options", Schema.arrayOf(Schema.string()))
            .optional("pattern", Schema.string().nullable())
            .optional("maxLength", Schema.integer().nullable())
            .named("ActionInput");
    static final Schema ACTION_DESCRIPTOR = Schema.object()
            .required("id", Schema.string())
            .required("label", Schema.string())
            .required("description", Schema.string())
            .required("group", Schema.string())
            .required("plugin", Schema.string())
            .required("inputs", Schema.arrayOf(ACTION_INPUT))
            .description("a palette entry with its typed input form, from the plugin's annotations")
            .named("ActionDescriptor");

    private final PluginHost host;

    public ActionRoutes(PluginHost host) {
        this.host = host;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/actions").tag("plugins")
                .summary("Plugin actions with their typed inputs, generated from the plugins' annotations")
                .answers(Schema.arrayOf(ACTION_DESCRIPTOR)).admin(call -> {
                    JsonArray actions = new JsonArray();
                    host.all().forEach(binding -> actions.add(ActionDescriptor.of(binding)));
                    return Reply.ok(actions);
                });
    }
}
