package io.voronka.record;

import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleFailed;
import io.voronka.kernel.rule.RuleFunctions;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.rule.RuleSchema;
import io.voronka.kernel.rule.ValueType;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Schema;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.record.EntityCatalog;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldValues;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Lets the rule editor check a rule, and try it on sample values, before anyone saves it. */
public final class RuleRoutes {

    static final Schema RULE_TYPE = Schema.enumOf("number", "text", "boolean", "date", "datetime", "null", "any")
            .named("RuleType");
    static final Schema RULE = Schema.object()
            .required("entity", Schema.string().description("the entity whose fields the rule reads"))
            .required("source", Schema.string().description("the rule's text, see docs/rules.md"))
            .optional("scope", Schema.enumOf("record", "process").description("record (default): a rule over the entity's fields; process: a"
                    + " gateway condition of a process triggered on the entity, which also reads the variables every"
                    + " process has (recordId, entity, movedTo, lossReason, lossComment, loop counters)"))
            .optional("model", Schema.string().description("with scope process: the draft's BPMN XML, so the names its own elements"
                    + " declare (a task's form fields and <task>CompletedBy, a step's <step>Result) are known before it is saved"))
            .named("RuleSource");
    static final Schema RULE_TRIAL = Schema.object()
            .required("entity", Schema.string())
            .required("source", Schema.string())
            .optional("values", RecordRoutes.FIELD_VALUES)
            .named("RuleTrial");
    static final Schema RULE_CHECKED = Schema.object()
            .required("valid", Schema.bool())
            .required("type", RULE_TYPE)
            .required("reads", Schema.arrayOf(Schema.string()).description("the fields the rule reads"))
            .named("RuleChecked");
    static final Schema RULE_RESULT = Schema.object()
            .required("value", Schema.any())
            .required("type", RULE_TYPE)
            .named("RuleResult");
    static final Schema RULE_FUNCTION = Schema.object()
            .required("name", Schema.string())
            .required("description", Schema.string())
            .named("RuleFunction");

    private final RuleSandbox sandbox;
    private final Supplier<EntityCatalog> catalogs;
    private final FieldValues fieldValues;
    private final Supplier<Optional<ProcessConditionSchema>> processConditions;

    public RuleRoutes(RuleSandbox sandbox, Supplier<EntityCatalog> catalogs, FieldValues fieldValues,
                      Supplier<Optional<ProcessConditionSchema>> processConditions) {
        this.sandbox = sandbox;
        this.catalogs = catalogs;
        this.fieldValues = fieldValues;
        this.processConditions = processConditions;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/rules/validate").tag("rules")
                .summary("Check a rule for an entity; answers its result type, or 422 naming line and column")
                .body(RULE).answers(RULE_CHECKED).admin(this::validate);
        api.route(POST, "/api/v1/rules/evaluate").tag("rules")
                .summary("Run a rule on sample field values within the rule budget; answers its value")
                .body(RULE_TRIAL).answers(RULE_RESULT).admin(this::evaluate);
        api.route(GET, "/api/v1/rules/functions").tag("rules")
                .summary("The function library a rule may call")
                .answers(Schema.arrayOf(RULE_FUNCTION)).admin(this::functions);
    }

    private Reply validate(Call call) {
        CheckedRule rule = check(call.body(), scope(call.body()));
        return Reply.ok(new JsonObject().put("valid", true).put("type", typeName(rule.resultType()))
                .put("reads", new JsonArray(rule.fieldsRead().stream().sorted().toList())));
    }

    private Reply evaluate(Call call) {
        JsonObject body = call.body();
        CheckedRule rule = check(body, entity -> entity);
        EntityDefinition entity = catalogs.get().find(body.getString("entity"))
                .orElseThrow(() -> DomainError.conflict(Message.of("record.entity.removed", body.getString("entity"))));
        Object rawValues = body.getValue("values");
        if (rawValues != null && !(rawValues instanceof JsonObject)) {
            throw DomainError.invalid("values", "type", Message.of("rule.trial.values"));
        }
        Map<String, Object> values = sampleValues(entity, rawValues == null ? new JsonObject() : (JsonObject) rawValues);
        try {
            Object value = rule.evaluate(values, sandbox.limits(), Clock.system(ZoneOffset.UTC));
            return Reply.ok(new JsonObject().put("value", json(value)).put("type", typeName(rule.resultType())));
        } catch (RuleFailed e) {
            String ruleKind = e.reason() == RuleFailed.Reason.BUDGET ? "budget" : "evaluation";
            throw new DomainError(DomainError.Kind.INVALID, "rule-failed", e.text(),
                    List.of(new ValidationProblem("source", ruleKind, e.text())));
        }
    }

    private Reply functions(Call call) {
        JsonArray list = new JsonArray();
        RuleFunctions.all().forEach(f -> list.add(new JsonObject().put("name", f.name()).put("description", f.description())));
        RuleFunctions.OVER_RECORDS.forEach((name, description) ->
                list.add(new JsonObject().put("name", name).put("description", description)));
        return Reply.ok(list);
    }

    /** What the rule reads around the entity's fields: nothing more for a record rule, the process's variables for a condition. */
    private UnaryOperator<RuleSchema> scope(JsonObject body) {
        Object scope = body.getValue("scope");
        if (scope == null || "record".equals(scope)) {
            return entity -> entity;
        }
        if (!"process".equals(scope)) {
            throw DomainError.invalid("scope", "enum", Message.of("rule.trial.scope"));
        }
        ProcessConditionSchema conditions = processConditions.get().orElseThrow(() ->
                DomainError.invalid("scope", "available", Message.of("rule.trial.no-processes")));
        Object model = body.getValue("model");
        if (model == null) {
            return conditions::around;
        }
        if (!(model instanceof String xml)) {
            throw DomainError.invalid("model", "type", Message.of("rule.trial.model-type"));
        }
        return entity -> conditions.around(entity, xml);
    }

    private CheckedRule check(JsonObject body, UnaryOperator<RuleSchema> scope) {
        if (!(body.getValue("entity") instanceof String entityName)) {
            throw DomainError.invalid("entity", "required", Message.of("rule.trial.entity"));
        }
        if (!(body.getValue("source") instanceof String source) || source.isBlank()) {
            throw DomainError.invalid("source", "required", Message.of("rule.trial.source"));
        }
        EntityCatalog catalog = catalogs.get();
        EntityDefinition entity = catalog.find(entityName)
                .orElseThrow(() -> DomainError.invalid("entity", "exists", Message.of("record.entity.unknown", entityName)));
        try {
            return sandbox.compile("rule", source, scope.apply(catalog.ruleSchema(entity, false)));
        } catch (RuleRejected e) {
            throw rejected(e);
        }
    }

    /** A 422 for the editor: field {@code source}, rule {@code sandbox}, the position in the message. */
    public static DomainError rejected(RuleRejected e) {
        return rejected("source", e);
    }

    public static DomainError rejected(String field, RuleRejected e) {
        Message message = e.atPosition();
        return new DomainError(DomainError.Kind.INVALID, "rule-rejected", message,
                List.of(new ValidationProblem(field, "sandbox", message)));
    }

    /** Sample values are validated as a record's would be, so the rule sees what it would see in use. */
    private Map<String, Object> sampleValues(EntityDefinition entity, JsonObject raw) {
        List<ValidationProblem> problems = new java.util.ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        entity.fields().forEach(f -> values.put(f.name(), null));
        raw.getMap().forEach((name, value) -> {
            var field = entity.field(name);
            if (field.isEmpty()) {
                problems.add(ValidationProblem.of("values." + name, "unknown", "record.unknown-field", entity.name()));
            } else {
                values.put(name, fieldValues.coerce(field.get(), value, "values." + name, problems));
            }
        });
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        return values;
    }

    private static Object json(Object value) {
        return switch (value) {
            case null -> null;
            case BigDecimal n -> n.stripTrailingZeros().scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? (Object) n.longValue() : n.doubleValue();
            case LocalDate d -> d.toString();
            case LocalDateTime t -> t.toInstant(ZoneOffset.UTC).toString();
            default -> value;
        };
    }

    private static String typeName(ValueType type) {
        return switch (type) {
            case NULL -> "null";
            case ANY -> "any";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
