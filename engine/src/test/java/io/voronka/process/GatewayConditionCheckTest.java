package io.voronka.process;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The designer's check of a gateway condition as you type ({@code POST /rules/validate} with
 * {@code scope: process}) and the review of the saved model agree: both accept the variables every
 * process has (a board move's {@code movedTo}, {@code lossReason}, {@code lossComment}) and both
 * refuse a name no process has.
 */
class GatewayConditionCheckTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    @Test
    void boardMoveVariablesPassBothTheCheckAsYouTypeAndTheReviewOnSave() {
        ApiClient admin = node.admin();
        for (String condition : List.of("movedTo == 'lost'", "lossReason == 'price' && lossComment != null",
                "recordId != null && loopCounter == 0")) {
            ApiClient.Response typed = validate(admin, condition, "process");
            assertThat(typed.status()).as(condition + " -> " + typed.body()).isEqualTo(200);
            assertThat(typed.json().getString("type")).isEqualTo("boolean");
            assertThat(expressionFindings(save(admin, condition))).as(condition).isEmpty();
        }
    }

    @Test
    void aNameNoProcessHasIsRefusedByBoth() {
        ApiClient admin = node.admin();
        assertProblem(validate(admin, "movedToo == 'lost'", "process"), 422, "source", "sandbox");
        assertThat(expressionFindings(save(admin, "movedToo == 'lost'"))).singleElement()
                .satisfies(f -> assertThat(f.getString("message")).contains("movedToo"));
    }

    @Test
    void aRecordRuleStillReadsOnlyItsEntitysFields() {
        ApiClient admin = node.admin();
        assertProblem(validate(admin, "movedTo == 'lost'", null), 422, "source", "sandbox");
        assertProblem(validate(admin, "movedTo == 'lost'", "record"), 422, "source", "sandbox");
        assertThat(validate(admin, "amount > 5", "process").status()).as("the entity's own fields").isEqualTo(200);
        ApiClient.Response unknownScope = validate(admin, "movedTo == 'lost'", "form");
        assertThat(unknownScope.status()).as(unknownScope.body()).isBetween(400, 422);
        assertThat(unknownScope.body()).contains("\"field\":\"scope\"");
    }

    @Test
    void namesTheDraftDeclaresAreKnownBeforeItIsSaved() {
        ApiClient admin = node.admin();
        String draft = ProcessModelApiTest.bpmn("draft-names", """
                <extensionElements><voronka:trigger entity="deal" on="created"/></extensionElements>
                <startEvent id="start"/>
                <sequenceFlow id="toCall" sourceRef="start" targetRef="callLead"/>
                <userTask id="callLead" name="Call" flowable:formKey="call-lead"/>
                <sequenceFlow id="toStep" sourceRef="callLead" targetRef="notify"/>
                <serviceTask id="notify" flowable:delegateExpression="${pluginAction}"/>
                <sequenceFlow id="toEnd" sourceRef="notify" targetRef="end"/>
                <endEvent id="end"/>
                """);
        String condition = "outcome == 'qualified' && callLeadCompletedBy != null && notifyResult != null";
        assertProblem(validate(admin, condition, "process"), 422, "source", "sandbox");
        ApiClient.Response typed = admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "deal")
                .put("source", condition).put("scope", "process").put("model", draft));
        assertThat(typed.status()).as("the draft's task form field, its completer and its step's result: " + typed.body())
                .isEqualTo(200);
        assertThat(typed.json().getJsonArray("reads")).contains("outcome", "callLeadCompletedBy", "notifyResult");
        assertProblem(admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "deal")
                .put("source", "callLeadCompletedBy == null").put("scope", "process").put("model", "<definitions")), 422, "model", "bpmn");
        assertProblem(admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "deal")
                .put("source", "movedToo == 'x'").put("scope", "process").put("model", draft)), 422, "source", "sandbox");
    }

    private static ApiClient.Response validate(ApiClient admin, String source, String scope) {
        JsonObject body = new JsonObject().put("entity", "deal").put("source", source);
        if (scope != null) {
            body.put("scope", scope);
        }
        return admin.post("/api/v1/rules/validate", body);
    }

    private static JsonObject save(ApiClient admin, String condition) {
        String xml = ProcessModelApiTest.bpmn("gateway-" + Integer.toHexString(condition.hashCode()), """
                <extensionElements><voronka:trigger entity="deal" on="created"/></extensionElements>
                <startEvent id="start"/>
                <sequenceFlow id="toGate" sourceRef="start" targetRef="gate"/>
                <exclusiveGateway id="gate" default="plain"/>
                <sequenceFlow id="plain" sourceRef="gate" targetRef="end"/>
                <sequenceFlow id="moved" sourceRef="gate" targetRef="end">
                  <conditionExpression xsi:type="tFormalExpression"><![CDATA[${%s}]]></conditionExpression>
                </sequenceFlow>
                <endEvent id="end"/>
                """.formatted(condition));
        ApiClient.Response saved = admin.send("POST", "/api/v1/process-models", xml, "application/xml");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        return saved.json();
    }

    private static List<JsonObject> expressionFindings(JsonObject model) {
        return model.getJsonArray("findings").stream().map(f -> (JsonObject) f)
                .filter(f -> "moved".equals(f.getString("elementId")) && "expression".equals(f.getString("code"))).toList();
    }
}
