package io.voronka.plugin;

import static io.vertx.core.http.HttpMethod.GET;

import io.vertx.core.json.JsonArray;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Reply;

/** The actions plugins contribute, for the process designer's palette. */
public final class ActionRoutes {

    private final PluginHost host;

    public ActionRoutes(PluginHost host) {
        this.host = host;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/actions").tag("plugins")
                .summary("Plugin actions with their typed inputs, generated from the plugins' annotations")
                .admin(call -> {
                    JsonArray actions = new JsonArray();
                    host.all().forEach(binding -> actions.add(ActionDescriptor.of(binding)));
                    return Reply.ok(actions);
                });
    }
}
