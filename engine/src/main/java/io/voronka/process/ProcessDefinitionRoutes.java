package io.voronka.process;

import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;

/** BPMN deployment over HTTP, for admins. */
public final class ProcessDefinitionRoutes {

    private final ProcessDefinitions definitions;

    public ProcessDefinitionRoutes(ProcessDefinitions definitions) {
        this.definitions = definitions;
    }

    static final Schema DEPLOYED = Schema.object()
            .required("key", Schema.string())
            .required("name", Schema.string().nullable())
            .required("version", Schema.integer())
            .required("id", Schema.string())
            .required("triggers", Schema.arrayOf(Schema.object()
                    .required("entity", Schema.string().nullable())
                    .required("on", Schema.enumOf("created", "updated", "deleted", "restored", "changed", "manual",
                            "schedule", "webhook"))
                    .named("ProcessTrigger")))
            .named("DeployedProcess");

    public void register(Api api) {
        api.route(POST, "/api/v1/process-definitions").tag("processes")
                .summary("Deploy a BPMN document (Content-Type application/xml), checked by the process policy; "
                        + "201 with the new version, 200 when unchanged; in force on every node when answered")
                .body("application/xml", Schema.string().description("a BPMN 2.0 definitions document"))
                .answers(DEPLOYED).status(201).admin(this::deploy);
    }

    private Reply deploy(Call call) {
        ProcessDefinitions.Deployed deployed = definitions.deploy(call.actor(), call.xmlBody());
        JsonArray triggers = new JsonArray();
        deployed.triggers().forEach(t -> triggers.add(new JsonObject().put("entity", t.entity())
                .put("on", t.on().wire())));
        JsonObject body = new JsonObject().put("key", deployed.key()).put("name", deployed.name())
                .put("version", deployed.version()).put("id", deployed.id()).put("triggers", triggers);
        return deployed.created() ? Reply.created(body) : Reply.ok(body);
    }
}
