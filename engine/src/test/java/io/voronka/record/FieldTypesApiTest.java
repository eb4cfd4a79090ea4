package io.voronka.record;

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
 * The field types of issue 8 through the API, as an admin defines them and a manager fills them:
 * each value comes back in its documented JSON shape, and bad values are refused naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldTypesApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    ApiClient admin;

    @BeforeAll
    void start() {
        admin = node.admin();
        JsonObject company = new JsonObject().put("name", "company").put("label", "Company").put("currency", "RUB")
                .put("titleFields", new JsonArray().add("name"))
                .put("fields", new JsonArray()
                        .add(field("name", "text").put("required", true).put("maxLength", 200))
                        .add(field("about", "longtext"))
                        .add(field("employees", "integer").put("min", 1).put("max", 1_000_000))
                        .add(field("revenue", "money"))
                        .add(field("price_usd", "money").put("currency", "USD"))
                        .add(field("discount", "percent").put("min", 0).put("max", 100))
                        .add(field("last_call", "datetime").put("min", "2000-01-01T00:00:00Z"))
                        .add(field("founded", "date").put("max", "2030-12-31"))
                        .add(field("tags", "multienum").put("options", new JsonArray()
                                .add(option("vip", "#f5222d")).add(option("partner", "#1677ff")).add(option("supplier", null))))
                        .add(field("site", "url"))
                        .add(field("address", "address"))
                        .add(field("inn", "text").put("maxLength", 12).put("pattern", "\\d{10}|\\d{12}").put("unique", true)));
        ApiClient.Response defined = admin.send("PUT", "/api/v1/entities/company", company.encode());
        assertThat(defined.status()).as(defined.body()).isEqualTo(200);
    }

    @Test
    void everyTypeRoundTripsInItsJsonShape() {
        JsonObject values = new JsonObject()
                .put("name", "ООО Ромашка")
                .put("about", "Долгий рассказ. ".repeat(2000))
                .put("employees", 42)
                .put("revenue", new JsonObject().put("amount", "1250.5").put("currency", "RUB"))
                .put("price_usd", 99.99)
                .put("discount", 12.5)
                .put("last_call", "2026-11-24T12:30:00+03:00")
                .put("founded", "1998-05-01")
                .put("tags", new JsonArray().add("partner").add("vip"))
                .put("site", "https://romashka.example/catalog?x=1")
                .put("address", "г Москва, ул Тверская, д 7, кв 5, 125009")
                .put("inn", "7707083893");
        ApiClient.Response created = admin.post("/api/v1/records/company", new JsonObject().put("values", values));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonObject read = admin.get("/api/v1/records/company/" + created.json().getString("id")).json().getJsonObject("values");
        assertThat(read.getString("about")).hasSize(values.getString("about").length());
        assertThat(read.getInteger("employees")).isEqualTo(42);
        assertThat(read.getJsonObject("revenue")).isEqualTo(new JsonObject().put("amount", "1250.50").put("currency", "RUB"));
        assertThat(read.getJsonObject("price_usd")).isEqualTo(new JsonObject().put("amount", "99.99").put("currency", "USD"));
        assertThat(read.getValue("discount")).isEqualTo(12.5);
        assertThat(read.getString("last_call")).isEqualTo("2026-11-24T09:30:00Z");
        assertThat(read.getJsonArray("tags")).isEqualTo(new JsonArray().add("vip").add("partner")); // definition order
        assertThat(read.getString("site")).isEqualTo("https://romashka.example/catalog?x=1");
        assertThat(read.getString("address")).startsWith("г Москва");

        // Lists filter a multiple choice by "has this option", money by its amount, in the rule language too.
        assertThat(admin.get("/api/v1/records/company?inn=7707083893&tags=vip").json().getJsonArray("items")).hasSize(1);
        assertThat(admin.get("/api/v1/records/company?inn=7707083893&tags=supplier").json().getJsonArray("items")).isEmpty();
        assertThat(admin.get("/api/v1/records/company?filter=" + encode("revenue > 1000 && contains(tags, '|vip|') "
                + "&& inn == '7707083893'")).json().getJsonArray("items")).hasSize(1);
        assertThat(admin.get("/api/v1/records/company?filter=" + encode("revenue > 2000 && inn == '7707083893'"))
                .json().getJsonArray("items")).isEmpty();
        JsonArray history = admin.get("/api/v1/records/company/" + created.json().getString("id") + "/history").array();
        assertThat(history.stream().map(JsonObject.class::cast).filter(h -> h.getString("field").equals("revenue"))
                .findFirst().orElseThrow().getString("newValue")).isEqualTo("1250.50 RUB");

        // Out to the recycle bin and back: every type comes back as it was.
        String path = "/api/v1/records/company/" + created.json().getString("id");
        assertThat(admin.delete(path).status()).isEqualTo(204);
        assertThat(admin.post("/api/v1/recycle-bin/company/" + created.json().getString("id") + "/restore", null).status())
                .isEqualTo(200);
        JsonObject back = admin.get(path).json().getJsonObject("values");
        read.fieldNames().forEach(name -> assertThat(back.getValue(name)).as(name).isEqualTo(read.getValue(name)));
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertProblem(create(new JsonObject().put("revenue", new JsonObject().put("amount", "10").put("currency", "ABC"))),
                422, "values.revenue.currency", "currency");
        assertProblem(create(new JsonObject().put("revenue", new JsonObject().put("amount", "ten").put("currency", "RUB"))),
                422, "values.revenue.amount", "type");
        assertProblem(create(new JsonObject().put("site", "javascript:alert(1)")), 422, "values.site", "format");
        assertProblem(create(new JsonObject().put("site", "ftp://files.example")), 422, "values.site", "format");
        assertProblem(create(new JsonObject().put("site", "https://exa mple.com")), 422, "values.site", "format");
        assertProblem(create(new JsonObject().put("site", "https:///path")), 422, "values.site", "format");
        assertThat(create(new JsonObject().put("site", "https://пример.рф/каталог?цвет=синий")).status()).isEqualTo(201);
        assertThat(create(new JsonObject().put("site", "http://shop.example:8080/a#b")).status()).isEqualTo(201);
        assertProblem(create(new JsonObject().put("last_call", "2026-11-24 12:30")), 422, "values.last_call", "format");
        assertProblem(create(new JsonObject().put("last_call", "1999-12-31T23:59:59Z")), 422, "values.last_call", "min");
        assertProblem(create(new JsonObject().put("tags", new JsonArray().add("vip").add("enemy"))), 422, "values.tags", "enum");
        assertProblem(create(new JsonObject().put("tags", 42)), 422, "values.tags", "type");
        assertProblem(create(new JsonObject().put("employees", 0)), 422, "values.employees", "min");
        assertProblem(create(new JsonObject().put("discount", 150)), 422, "values.discount", "max");
        assertProblem(create(new JsonObject().put("founded", "2031-01-01")), 422, "values.founded", "max");
        assertProblem(create(new JsonObject().put("inn", "12345")), 422, "values.inn", "pattern");
        assertProblem(create(new JsonObject().put("about", "x".repeat(100_001))), 422, "values.about", "maxLength");
    }

    @Test
    void moneyWithoutCurrencyTakesTheFieldsThenTheEntitysDefault() {
        ApiClient.Response created = create(new JsonObject().put("revenue", "300").put("price_usd", new JsonObject().put("amount", "5")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonObject values = created.json().getJsonObject("values");
        assertThat(values.getJsonObject("revenue").getString("currency")).isEqualTo("RUB");
        assertThat(values.getJsonObject("price_usd")).isEqualTo(new JsonObject().put("amount", "5.00").put("currency", "USD"));

        // The text forms history shows are read back too, as a restore from history or an import sends them.
        JsonObject restored = create(new JsonObject().put("revenue", "300.5 USD").put("tags", "supplier, vip")).json()
                .getJsonObject("values");
        assertThat(restored.getJsonObject("revenue")).isEqualTo(new JsonObject().put("amount", "300.50").put("currency", "USD"));
        assertThat(restored.getJsonArray("tags")).isEqualTo(new JsonArray().add("vip").add("supplier"));
    }

    @Test
    void definitionsWithBadConstraintsAreRefusedAtSaveTime() {
        assertProblem(put(entity(field("code", "text").put("pattern", "([a-z]"))), 422, "fields[0].pattern", "pattern");
        assertProblem(put(entity(field("code", "text").put("pattern", "a".repeat(501)))), 422, "fields[0].pattern", "maxLength");
        assertProblem(put(entity(field("code", "number").put("pattern", "\\d+"))), 422, "fields[0].pattern", "type");
        assertProblem(put(entity(field("code", "number").put("min", "low"))), 422, "fields[0].min", "type");
        assertProblem(put(entity(field("code", "number").put("min", 5).put("max", 1))), 422, "fields[0].min", "range");
        assertProblem(put(entity(field("code", "money").put("currency", "ABC"))), 422, "fields[0].currency", "currency");
        assertProblem(put(entity(field("code", "longtext").put("unique", true))), 422, "fields[0].unique", "type");
        assertProblem(put(entity(field("code", "multienum"))), 422, "fields[0].options", "required");
        assertProblem(put(entity(field("code", "multienum").put("options", new JsonArray().add(option("a|b", null))))),
                422, "fields[0].options[0].value", "pattern");
        assertProblem(put(entity(field("code", "enum").put("options", new JsonArray().add(option("a", "red"))))),
                422, "fields[0].options[0].color", "pattern");
        assertProblem(put(entity(field("total", "money"), field("total_currency", "text"))), 422, "fields[0].name", "unique");
        assertProblem(put(entity(field("code", "multienum").put("computed", "rules/x.mvel").put("options",
                new JsonArray().add(option("a", null))))), 422, "fields[0].computed", "type");
        assertProblem(put(entity(field("code", "text")).put("currency", "rub")), 422, "currency", "currency");
    }

    @Test
    void layoutPlacesEachExistingFieldAtMostOnce() {
        JsonObject twice = entity(field("a", "text"), field("b", "text")).put("layout", new JsonObject().put("sections",
                new JsonArray().add(section("Main", 2, "a", "b")).add(section("Again", 1, "a"))));
        assertProblem(put(twice), 422, "layout.sections[1].fields[0]", "unique");
        JsonObject unknown = entity(field("a", "text")).put("layout", new JsonObject().put("sections",
                new JsonArray().add(section("Main", 1, "ghost"))));
        assertProblem(put(unknown), 422, "layout.sections[0].fields[0]", "exists");
        JsonObject threeColumns = entity(field("a", "text")).put("layout", new JsonObject().put("sections",
                new JsonArray().add(section("Main", 3, "a"))));
        assertProblem(put(threeColumns), 422, "layout.sections[0].columns", "enum");

        JsonObject partial = entity(field("a", "text"), field("b", "text"), field("c", "text")).put("layout",
                new JsonObject().put("sections", new JsonArray().add(section("Main", 2, "b"))));
        assertThat(put(partial).status()).isEqualTo(200);
        JsonObject listed = admin.get("/api/v1/entities").array().stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("name").equals("gadget")).findFirst().orElseThrow();
        JsonArray sections = listed.getJsonObject("layout").getJsonArray("sections");
        assertThat(sections.getJsonObject(0).getJsonArray("fields")).isEqualTo(new JsonArray().add("b"));
        assertThat(sections.getJsonObject(1).getJsonArray("fields")).isEqualTo(new JsonArray().add("a").add("c"));
        JsonObject deal = admin.get("/api/v1/entities").array().stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("name").equals("deal")).findFirst().orElseThrow();
        assertThat(deal.getJsonObject("layout").getJsonArray("sections").getJsonObject(0).getString("title")).isEqualTo("Deal");
    }

    private ApiClient.Response create(JsonObject values) {
        return admin.post("/api/v1/records/company", new JsonObject().put("values", values.copy().put("name",
                values.getString("name", "Company " + System.nanoTime()))));
    }

    private ApiClient.Response put(JsonObject entity) {
        return admin.send("PUT", "/api/v1/entities/gadget", entity.encode());
    }

    private static JsonObject entity(JsonObject... fields) {
        JsonArray list = new JsonArray();
        for (JsonObject f : fields) {
            list.add(f);
        }
        return new JsonObject().put("label", "Gadget").put("fields", list);
    }

    static JsonObject field(String name, String type) {
        return new JsonObject().put("name", name).put("type", type);
    }

    private static JsonObject option(String value, String color) {
        JsonObject option = new JsonObject().put("value", value).put("label", value.toUpperCase());
        return color == null ? option : option.put("color", color);
    }

    private static JsonObject section(String title, int columns, String... fields) {
        JsonArray list = new JsonArray();
        for (String f : fields) {
            list.add(f);
        }
        return new JsonObject().put("title", title).put("columns", columns).put("fields", list);
    }

    static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
