package io.voronka.record;

import static io.voronka.record.FieldTypesApiTest.field;
import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changes to an entity that would lose stored values answer 409 with a preview of what and how
 * many until the admin confirms; retired fields and entities keep their data and history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaChangeApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    ApiClient admin;

    @BeforeAll
    void signIn() {
        admin = node.admin();
    }

    @Test
    void removingAFieldWithValuesShowsThePreviewThenRetiresItOnConfirmKeepingItsHistory() {
        define("ticket", fields(field("subject", "text"), field("note", "text").put("maxLength", 100)));
        String id = create("ticket", new JsonObject().put("subject", "Broken kettle").put("note", "call after 6")).getString("id");
        create("ticket", new JsonObject().put("subject", "No note"));

        JsonObject withoutNote = entity(fields(field("subject", "text")));
        ApiClient.Response refused = put("ticket", withoutNote, false);
        assertProblem(refused, 409, null, null);
        assertThat(refused.json().getString("code")).isEqualTo("confirm");
        assertThat(refused.json().getJsonArray("preview")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("field", "note").put("change", "remove").put("records", 1)));
        assertThat(version("ticket")).isEqualTo(1);

        assertThat(put("ticket", withoutNote, true).status()).isEqualTo(200);
        JsonObject values = admin.get("/api/v1/records/ticket/" + id).json().getJsonObject("values");
        assertThat(values.containsKey("note")).isFalse();
        assertThat(admin.get("/api/v1/records/ticket/" + id + "/history").array().stream().map(JsonObject.class::cast)
                .anyMatch(h -> h.getString("field").equals("note") && "call after 6".equals(h.getString("newValue")))).isTrue();

        // Defined again, the field finds its column and its values.
        assertThat(put("ticket", entity(fields(field("subject", "text"), field("note", "text").put("maxLength", 100))), false)
                .status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/records/ticket/" + id).json().getJsonObject("values").getString("note"))
                .isEqualTo("call after 6");
    }

    @Test
    void narrowingRetypingAndRemovingOptionsInUseAreCountedInThePreview() {
        JsonObject stage = field("stage", "enum").put("options", new JsonArray()
                .add(new JsonObject().put("value", "open")).add(new JsonObject().put("value", "closed"))
                .add(new JsonObject().put("value", "spam")));
        define("lead", fields(field("name", "text").put("maxLength", 50), stage, field("reason", "text"),
                field("budget", "decimal")));
        create("lead", new JsonObject().put("name", "A very long name of a lead, thirty-plus").put("stage", "spam")
                .put("reason", "price").put("budget", 100));
        create("lead", new JsonObject().put("name", "Short").put("stage", "open").put("reason", "something odd"));

        JsonObject changed = entity(fields(field("name", "text").put("maxLength", 10),
                stage.copy().put("options", new JsonArray().add(new JsonObject().put("value", "open"))
                        .add(new JsonObject().put("value", "closed")).add(new JsonObject().put("value", "junk"))),
                field("reason", "enum").put("options", new JsonArray().add(new JsonObject().put("value", "price"))),
                field("budget", "money").put("currency", "RUB")));
        ApiClient.Response refused = put("lead", changed, false);
        assertProblem(refused, 409, null, null);
        assertThat(refused.json().getJsonArray("preview")).containsExactlyInAnyOrder(
                new JsonObject().put("field", "name").put("change", "narrow").put("records", 1),
                new JsonObject().put("field", "stage").put("change", "removeOption").put("option", "spam").put("records", 1),
                new JsonObject().put("field", "reason").put("change", "retype").put("records", 1),
                new JsonObject().put("field", "budget").put("change", "retype").put("records", 1));

        assertThat(put("lead", changed, true).status()).isEqualTo(200);
        JsonObject first = admin.get("/api/v1/records/lead?filter=" + FieldTypesApiTest.encode("reason == 'price'")).json()
                .getJsonArray("items").getJsonObject(0).getJsonObject("values");
        assertThat(first.getJsonObject("budget")).isEqualTo(new JsonObject().put("amount", "100.00").put("currency", "RUB"));
        // A column cannot turn into another kind of column: still refused, as before.
        assertProblem(put("lead", entity(fields(field("name", "number"))), true), 422, "fields[0].type", "unchangeable");
    }

    @Test
    void changesThatLoseNothingNeedNoConfirmation() {
        define("visit", fields(field("place", "text"), field("kind", "enum").put("options",
                new JsonArray().add(new JsonObject().put("value", "call")).add(new JsonObject().put("value", "meeting")))));
        create("visit", new JsonObject().put("place", "Office").put("kind", "call"));
        JsonObject relabelled = entity(fields(field("place", "text").put("maxLength", 20), field("kind", "enum").put("options",
                new JsonArray().add(new JsonObject().put("value", "meeting").put("label", "Встреча").put("color", "#52c41a"))
                        .add(new JsonObject().put("value", "call").put("label", "Звонок").put("order", 1))),
                field("added", "text")));
        assertThat(put("visit", relabelled, false).status()).isEqualTo(200);
    }

    @Test
    void aRetiredEntityAnswers404ButKeepsItsRecordsUntilDefinedAgain() {
        define("coupon", fields(field("code", "text")));
        String id = create("coupon", new JsonObject().put("code", "SALE10")).getString("id");
        ApiClient.Response refused = admin.delete("/api/v1/entities/coupon");
        assertProblem(refused, 409, null, null);
        assertThat(refused.json().getJsonArray("preview")).isEqualTo(new JsonArray()
                .add(new JsonObject().putNull("field").put("change", "retire").put("records", 1)));
        assertThat(admin.get("/api/v1/records/coupon/" + id).status()).isEqualTo(200);

        ApiClient.Response retired = admin.delete("/api/v1/entities/coupon?confirm=true");
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        assertThat(retired.json().getBoolean("retired")).isTrue();
        assertProblem(admin.get("/api/v1/records/coupon/" + id), 404, null, null);
        assertProblem(admin.post("/api/v1/records/coupon", new JsonObject().put("values", new JsonObject())), 404, null, null);
        assertThat(admin.get("/api/v1/entities").array().stream().map(e -> ((JsonObject) e).getString("name")))
                .doesNotContain("coupon");
        assertProblem(admin.delete("/api/v1/entities/coupon?confirm=true"), 404, null, null);

        assertThat(put("coupon", entity(fields(field("code", "text"))), false).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/records/coupon/" + id).json().getJsonObject("values").getString("code")).isEqualTo("SALE10");
    }

    @Test
    void anEntityOthersLinkToCannotBeRetiredAndAnEmptyOneNeedsNoConfirmation() {
        assertProblem(admin.delete("/api/v1/entities/contact?confirm=true"), 409, null, null);
        define("draft", fields(field("x", "text")));
        assertThat(admin.delete("/api/v1/entities/draft").status()).isEqualTo(200);
        assertProblem(admin.delete("/api/v1/entities/nothing"), 404, null, null);
    }

    private void define(String name, JsonArray fields) {
        ApiClient.Response defined = put(name, entity(fields), false);
        assertThat(defined.status()).as(defined.body()).isEqualTo(200);
    }

    private ApiClient.Response put(String name, JsonObject entity, boolean confirm) {
        return admin.send("PUT", "/api/v1/entities/" + name + (confirm ? "?confirm=true" : ""), entity.encode());
    }

    private JsonObject create(String entity, JsonObject values) {
        ApiClient.Response created = admin.post("/api/v1/records/" + entity, new JsonObject().put("values", values));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private int version(String entity) {
        return admin.get("/api/v1/entities/" + entity).json().getInteger("version");
    }

    private static JsonObject entity(JsonArray fields) {
        return new JsonObject().put("label", "Thing").put("fields", fields);
    }

    private static JsonArray fields(JsonObject... fields) {
        JsonArray list = new JsonArray();
        for (JsonObject f : fields) {
            list.add(f);
        }
        return list;
    }
}
