package io.voronka.rule;

import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonObject;
import io.voronka.http.Api;
import io.voronka.http.Call;
import io.voronka.http.OpenApi;
import io.voronka.http.Reply;
import io.voronka.problem.ProblemException;
import io.voronka.problem.ValidationProblem;
import io.voronka.record.EntityCatalog;
import io.voronka.record.EntityDefinition;
import io.voronka.record.FieldDefinition;
import java.util.List;
import java.util.stream.Collectors;

/** Lets the rule editor check a rule against the sandbox before anyone saves it. */
public final class RuleRoutes {

    private final RuleSandbox sandbox;
    private final EntityCatalog catalog;

    public RuleRoutes(RuleSandbox sandbox, EntityCatalog catalog) {
        this.sandbox = sandbox;
        this.catalog = catalog;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/rules/validate").tag("rules")
                .summary("Check an MVEL rule for an entity against the sandbox; 422 names the offending position")
                .body(OpenApi.object("entity", "source")).admin(this::validate);
    }

    private Reply validate(Call call) {
        JsonObject body = call.body();
        if (!(body.getValue("entity") instanceof String entityName)) {
            throw ProblemException.invalid("entity", "required", "name the entity the rule is for");
        }
        if (!(body.getValue("source") instanceof String source) || source.isBlank()) {
            throw ProblemException.invalid("source", "required", "the rule's MVEL source is required");
        }
        if (source.length() > 20_000) {
            throw ProblemException.invalid("source", "maxLength", "must be at most 20000 characters");
        }
        EntityDefinition entity = catalog.find(entityName)
                .orElseThrow(() -> ProblemException.invalid("entity", "exists", "no entity called '" + entityName + "'"));
        try {
            sandbox.compile("rule", source, entity.fields().stream().map(FieldDefinition::name).collect(Collectors.toSet()));
        } catch (RuleRejected e) {
            throw new ProblemException(422, "Rule rejected", e.describe(), List.of(new ValidationProblem(
                    "source", "sandbox", "line " + e.line() + ", column " + e.column() + ": " + e.getMessage())));
        }
        return Reply.ok(new JsonObject().put("valid", true));
    }
}
