package io.voronka.record;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API over entity definitions: what it refuses, naming the field, and what a refusal leaves unchanged. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntityDefinitionApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("mila");

    TestServer server;
    ApiClient admin;
    ApiClient manager;

    @BeforeAll
    void start() {
        server = node.server();
        admin = node.admin();
        manager = node.manager("mila");
    }

    @Test
    void shippedDefinitionsAreStoredAsVersionOneFromTheirFiles() {
        JsonObject contact = admin.get("/api/v1/entities/contact").json();
        assertThat(contact.getInteger("version")).isEqualTo(1); // no test here stores a new contact
        assertThat(contact.getString("origin")).isEqualTo("file forms/contact.json");
        assertThat(contact.getString("changedBy")).isEqualTo("system");
        assertThat(contact.getJsonObject("sources").getString("rules/lead-score.mvel")).contains("score");
        assertThat(contact.getString("checksum")).hasSize(64);
        assertThat(admin.get("/api/v1/entities").array().stream().map(e -> ((JsonObject) e).getString("name")))
                .contains("contact", "deal");
    }

    @Test
    void onlyAnAdminReadsOrChangesADefinition() {
        assertProblem(manager.get("/api/v1/entities/contact"), 403, null, null);
        assertProblem(manager.send("PUT", "/api/v1/entities/deal", admin.get("/api/v1/entities/deal").body()), 403, null, null);
        assertProblem(server.anonymous().send("PUT", "/api/v1/entities/deal", "{}"), 401, null, null);
        assertThat(manager.get("/api/v1/entities").status()).isEqualTo(200);
    }

    @Test
    void unknownEntityIsNotFound() {
        assertProblem(admin.get("/api/v1/entities/spaceship"), 404, null, null);
    }

    @Test
    void badDocumentsAreRefusedNamingTheFieldAndChangeNothing() {
        int before = version("deal");
        String added = "fields[" + deal().getJsonArray("fields").size() + "]";
        assertProblem(admin.send("PUT", "/api/v1/entities/deal", "{not json"), 400, "body", "json");
        assertProblem(admin.send("PUT", "/api/v1/entities/deal", "{\"label\":\"Deal\"}"), 422, "fields", "required");
        assertProblem(put("deal", deal().put("fields", "title")), 422, "fields", "type");
        assertProblem(put("deal", withField(deal(), new JsonObject().put("name", "size").put("type", "huge"))), 422,
                added + ".type", "type");
        assertProblem(put("deal", withField(deal(), new JsonObject().put("name", "Bad Name").put("type", "text"))), 422,
                added + ".name", "pattern");
        assertProblem(put("deal", withField(deal(), new JsonObject().put("name", "title").put("type", "text"))), 422,
                added + ".name", "unique");
        assertProblem(put("deal", withField(deal(), new JsonObject().put("name", "colour").put("type", "enum"))), 422,
                added + ".options", "required");
        assertProblem(put("deal", withField(deal(), new JsonObject().put("name", "ship").put("type", "link").put("link", "spaceship"))),
                422, added + ".link", "exists");
        assertProblem(put("deal", deal().put("name", "order")), 422, "name", "match");
        assertProblem(put("deal", deal().put("version", "latest")), 422, "version", "type");
        assertProblem(put("deal", deal().put("titleFields", new JsonArray().add("nothing"))), 422, "titleFields[0]", "exists");
        assertThat(version("deal")).isEqualTo(before);
    }

    @Test
    void ruleThatFailsItsCheckIsRefusedNamingTheComputedField() {
        int before = version("contact");
        JsonObject contact = admin.get("/api/v1/entities/contact").json();
        contact.getJsonObject("sources").put("rules/lead-score.mvel", "points = 0;\nRuntime.getRuntime().exec('rm -rf /'); return points;");
        int score = indexOf(contact, "score");
        assertProblem(put("contact", contact), 422, "fields[" + score + "].computed", "sandbox");

        JsonObject missing = admin.get("/api/v1/entities/contact").json();
        missing.getJsonObject("sources").remove("rules/warmth.mvel");
        assertProblem(put("contact", missing), 422, "fields[" + indexOf(missing, "warmth") + "].computed", "exists");
        assertThat(version("contact")).isEqualTo(before);
    }

    @Test
    void storedFieldKeepsItsType() {
        JsonObject deal = deal();
        JsonObject amount = deal.getJsonArray("fields").stream().map(JsonObject.class::cast)
                .filter(f -> f.getString("name").equals("amount")).findFirst().orElseThrow();
        amount.put("type", "text").remove("min");
        assertProblem(put("deal", deal), 422, "fields[" + indexOf(deal, "amount") + "].type", "unchangeable");
    }

    @Test
    void staleVersionIsAConflictAndAnUnchangedDocumentKeepsItsVersion() {
        JsonObject deal = admin.get("/api/v1/entities/deal").json();
        int version = deal.getInteger("version");
        assertThat(put("deal", deal).json().getInteger("version")).isEqualTo(version);
        assertProblem(put("deal", deal.copy().put("version", version - 1).put("label", "Old deal")), 409, null, null);
    }

    @Test
    void labelsInOtherLanguagesAreKeptAndBadLanguageTagsAreRefusedNamingThePath() {
        JsonObject shipped = admin.get("/api/v1/entities/contact").json();
        assertThat(shipped.getJsonObject("labels").getString("ru")).isEqualTo("Контакт");
        JsonObject gender = shipped.getJsonArray("fields").stream().map(JsonObject.class::cast)
                .filter(f -> f.getString("name").equals("gender")).findFirst().orElseThrow();
        assertThat(gender.getJsonObject("labels").getString("ru")).isEqualTo("Пол");
        assertThat(gender.getJsonArray("options").getJsonObject(0).getJsonObject("labels").getString("ru")).isEqualTo("Женский");
        JsonObject listed = admin.get("/api/v1/entities").array().stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("name").equals("deal")).findFirst().orElseThrow();
        assertThat(listed.getJsonObject("labelsPlural").getString("ru")).isEqualTo("Сделки");
        assertThat(listed.getJsonObject("layout").getJsonArray("sections").getJsonObject(0).getJsonObject("labels")
                .getString("ru")).isEqualTo("Сделка");

        JsonObject ticket = new JsonObject().put("name", "ticket").put("label", "Ticket")
                .put("labels", new JsonObject().put("ru", "Заявка").put("en", "Ticket").put("pt-BR", "Chamado"))
                .put("fields", new JsonArray()
                        .add(new JsonObject().put("name", "title").put("type", "text").put("label", "Title")
                                .put("labels", new JsonObject().put("ru", "Тема")))
                        .add(new JsonObject().put("name", "priority").put("type", "enum").put("options", new JsonArray()
                                .add(new JsonObject().put("value", "high").put("label", "High")
                                        .put("labels", new JsonObject().put("ru", "Высокий")))))
                        .add(new JsonObject().put("name", "contact_id").put("type", "link").put("link", "contact")
                                .put("inverse", new JsonObject().put("name", "tickets").put("label", "Tickets")
                                        .put("labels", new JsonObject().put("ru", "Заявки")))))
                .put("layout", new JsonObject().put("sections", new JsonArray().add(new JsonObject().put("title", "Main")
                        .put("labels", new JsonObject().put("ru", "Главное")).put("fields", new JsonArray().add("title")))));
        ApiClient.Response created = put("ticket", ticket);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().getJsonObject("labels").getMap()).containsEntry("pt-BR", "Chamado").containsEntry("ru", "Заявка");
        assertThat(created.json().getJsonArray("fields").getJsonObject(2).getJsonObject("inverse").getJsonObject("labels")
                .getString("ru")).isEqualTo("Заявки");
        int version = created.json().getInteger("version");

        assertProblem(put("ticket", ticket.copy().put("labels", new JsonObject().put("russian!", "Заявка"))), 422,
                "labels.russian!", "languageTag");
        JsonObject badField = ticket.copy();
        badField.getJsonArray("fields").getJsonObject(0).put("labels", new JsonObject().put("ru", " "));
        assertProblem(put("ticket", badField), 422, "fields[0].labels.ru", "required");
        JsonObject badOption = ticket.copy();
        badOption.getJsonArray("fields").getJsonObject(1).getJsonArray("options").getJsonObject(0)
                .put("labels", new JsonObject().put("e", "High"));
        assertProblem(put("ticket", badOption), 422, "fields[1].options[0].labels.e", "languageTag");
        JsonObject badInverse = ticket.copy();
        badInverse.getJsonArray("fields").getJsonObject(2).getJsonObject("inverse").put("labels", new JsonObject().put("ru_RU", "x"));
        assertProblem(put("ticket", badInverse), 422, "fields[2].inverse.labels.ru_RU", "languageTag");
        JsonObject badSection = ticket.copy();
        badSection.getJsonObject("layout").getJsonArray("sections").getJsonObject(0).put("labels", new JsonObject().put("ru", "x".repeat(201)));
        assertProblem(put("ticket", badSection), 422, "layout.sections[0].labels.ru", "maxLength");
        assertProblem(put("ticket", ticket.copy().put("labels", "Заявка")), 422, "labels", "type");
        assertThat(version("ticket")).as("refusals change nothing").isEqualTo(version);
    }

    @Test
    void aDesignerChangeToAShippedEntityKeepsItsRussianLabels() {
        JsonObject shop = new JsonObject().put("name", "shop").put("label", "Shop").put("fields", new JsonArray()
                .add(new JsonObject().put("name", "title").put("type", "text").put("label", "Title")));
        assertThat(put("shop", shop).status()).isEqualTo(200);
        // The deal, not the contact: another test counts on no test storing a new contact.
        JsonObject contact = admin.get("/api/v1/entities/deal").json();
        for (String stamp : new String[] {"checksum", "origin", "changedBy", "changedAt"}) {
            contact.remove(stamp);
        }
        contact.getJsonArray("fields").add(new JsonObject().put("name", "shop_id").put("label", "Магазин").put("type", "link")
                .put("required", false).put("link", "shop").put("inverse", new JsonObject().put("name", "buyers").put("label", "Покупатели")));
        ApiClient.Response saved = put("deal", contact);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().getJsonObject("labels").getString("ru")).isEqualTo("Сделка");
        assertThat(saved.json().getJsonArray("fields").getJsonObject(0).getJsonObject("labels").getString("ru")).isEqualTo("Название");
    }

    @Test
    void whatGetAnswersPutTakesBackWithoutANewVersion() {
        for (Object listed : admin.get("/api/v1/entities").array()) {
            String name = ((JsonObject) listed).getString("name");
            ApiClient.Response read = admin.get("/api/v1/entities/" + name);
            JsonObject before = read.json();
            ApiClient.Response back = admin.send("PUT", "/api/v1/entities/" + name, read.body());
            assertThat(back.status()).as(name + ": " + back.body()).isEqualTo(200);
            assertThat(back.json().getInteger("version")).as(name + " keeps its version").isEqualTo(before.getInteger("version"));
            assertThat(back.json().getString("checksum")).isEqualTo(before.getString("checksum"));
            assertThat(back.json().getString("changedAt")).as("no new version was stored").isEqualTo(before.getString("changedAt"));
            assertThat(admin.get("/api/v1/entities/" + name).json()).isEqualTo(before);
        }
    }

    @Test
    void serverStampedKeysInAPutAreIgnoredAndARealChangeStillCounts() {
        JsonObject deal = admin.get("/api/v1/entities/deal").json();
        int version = deal.getInteger("version");
        JsonObject stamped = deal.copy().put("checksum", "0".repeat(64)).put("origin", "file forms/elsewhere.json")
                .put("changedBy", "someone-else").put("changedAt", "2001-01-01T00:00:00Z").put("retired", true);
        ApiClient.Response same = put("deal", stamped);
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.json().getInteger("version")).as("stamps are not content").isEqualTo(version);
        assertThat(same.json().getString("changedBy")).isEqualTo(deal.getString("changedBy"));
        assertThat(same.json().containsKey("retired")).as("a PUT never retires").isFalse();

        ApiClient.Response changed = put("deal", stamped.copy().put("labelPlural", deal.getString("labelPlural") + " (all)"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().getInteger("version")).isEqualTo(version + 1);
        assertThat(changed.json().getString("changedBy")).as("the server stamps who changed it").isEqualTo("admin");
        assertThat(changed.json().getString("origin")).isEqualTo("api");
        assertThat(changed.json().getString("checksum")).isNotEqualTo("0".repeat(64));
        assertThat(put("deal", changed.json()).json().getInteger("version")).as("its own answer round-trips too").isEqualTo(version + 1);
    }

    @Test
    void newEntityGetsATableAndTakesRecordsAtOnce() {
        JsonObject order = new JsonObject().put("name", "purchase").put("label", "Purchase").put("fields", new JsonArray()
                .add(new JsonObject().put("name", "item").put("type", "text").put("required", true).put("maxLength", 100))
                .add(new JsonObject().put("name", "contact_id").put("type", "link").put("link", "contact"))
                .add(new JsonObject().put("name", "total").put("type", "decimal")));
        ApiClient.Response created = put("purchase", order);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().getInteger("version")).isEqualTo(1);
        assertThat(created.json().getString("changedBy")).isEqualTo("admin");

        ApiClient.Response record = admin.post("/api/v1/records/purchase",
                new JsonObject().put("values", new JsonObject().put("item", "Chair").put("total", 1200)));
        assertThat(record.status()).as(record.body()).isEqualTo(201);
        assertProblem(admin.post("/api/v1/records/purchase", new JsonObject().put("values",
                new JsonObject().put("item", "Desk").put("contact_id", "00000000-0000-4000-8000-000000000000"))), 422, "values.contact_id", "exists");
    }

    private int version(String entity) {
        return admin.get("/api/v1/entities/" + entity).json().getInteger("version");
    }

    private JsonObject deal() {
        JsonObject deal = admin.get("/api/v1/entities/deal").json();
        deal.remove("version");
        return deal;
    }

    private ApiClient.Response put(String entity, JsonObject document) {
        return admin.send("PUT", "/api/v1/entities/" + entity, document.encode());
    }

    private static JsonObject withField(JsonObject document, JsonObject field) {
        document.getJsonArray("fields").add(field);
        return document;
    }

    private static int indexOf(JsonObject document, String field) {
        JsonArray fields = document.getJsonArray("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.getJsonObject(i).getString("name").equals(field)) {
                return i;
            }
        }
        throw new AssertionError("no field " + field);
    }
}
