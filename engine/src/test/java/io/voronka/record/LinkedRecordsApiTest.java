package io.voronka.record;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.ContractCheck;
import io.voronka.testing.SignedInServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shipped contact and deal over HTTP: a contact's deals both ways, its rollups, and what a manager sees of them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkedRecordsApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("mila");

    ApiClient admin;
    ApiClient mila;

    @BeforeAll
    void start() {
        admin = node.admin();
        mila = node.manager("mila");
    }

    @Test
    void contactCardShowsItsDealsAndRollupsFollowThem() {
        JsonObject anna = mila.post("/api/v1/records/contact", values("first_name", "Anna", "last_name", "Petrova")).json();
        String contactId = anna.getString("id");
        assertThat(anna.getJsonObject("values").getInteger("deals_won")).isZero();
        JsonObject phone = mila.post("/api/v1/records/deal", values("title", "Phone", "contact_id", contactId,
                "amount", 800, "stage", "won", "closed_on", "2026-03-01")).json();
        admin.post("/api/v1/records/deal", values("title", "Someone else's", "contact_id", contactId, "amount", 50,
                "stage", "won", "closed_on", "2026-04-01", "responsible_manager", "admin"));

        JsonObject card = mila.get("/api/v1/records/contact/" + contactId).json().getJsonObject("values");
        assertThat(card.getInteger("deals_won")).isEqualTo(2);
        assertThat(card.getInteger("ltv")).isEqualTo(850);
        assertThat(card.getDouble("average_check")).isEqualTo(425.0);
        assertThat(card.getString("last_purchase")).isEqualTo("2026-04-01");

        JsonArray linked = mila.get("/api/v1/records/contact/" + contactId + "/linked").array();
        JsonObject deals = group(linked, "deal", "incoming");
        assertThat(deals.getString("label")).isEqualTo("Deals");
        assertThat(deals.getString("field")).isEqualTo("contact_id");
        assertThat(deals.getInteger("total")).as("only her own deal").isEqualTo(1);
        assertThat(deals.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(phone.getString("id"));
        assertThat(deals.getJsonArray("items").getJsonObject(0).getString("title")).isEqualTo("Phone");
        assertThat(group(admin.get("/api/v1/records/contact/" + contactId + "/linked").array(), "deal", "incoming")
                .getInteger("total")).isEqualTo(2);
        JsonObject back = group(mila.get("/api/v1/records/deal/" + phone.getString("id") + "/linked").array(), "contact", "outgoing");
        assertThat(back.getJsonArray("items").getJsonObject(0).getString("title")).isEqualTo("Petrova Anna");

        JsonObject stale = new JsonObject().put("version", phone.getInteger("version"))
                .put("values", new JsonObject().put("stage", "lost").put("loss_reason", "competitor"));
        assertThat(mila.patch("/api/v1/records/deal/" + phone.getString("id"), stale).status()).isEqualTo(200);
        assertThat(mila.get("/api/v1/records/contact/" + contactId).json().getJsonObject("values").getInteger("ltv"))
                .isEqualTo(50);

        String filter = URLEncoder.encode("ltv >= 50 && any(deals, stage == 'lost')", StandardCharsets.UTF_8);
        assertThat(mila.get("/api/v1/records/contact?filter=" + filter).json().getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getString("id"))).containsExactly(contactId);
    }

    @Test
    void rollupsCannotBeWritten() {
        assertProblem(mila.post("/api/v1/records/contact", values("first_name", "Ivan", "ltv", 1000)), 400, "values.ltv", "readOnly");
        JsonObject ivan = mila.post("/api/v1/records/contact", values("first_name", "Ivan")).json();
        assertProblem(mila.patch("/api/v1/records/contact/" + ivan.getString("id"), new JsonObject()
                .put("version", ivan.getInteger("version")).put("values", new JsonObject().put("deals_won", 3))),
                400, "values.deals_won", "readOnly");
    }

    @Test
    void linkedRecordsOfARecordOutOfReachAreNotFound() {
        JsonObject theirs = admin.post("/api/v1/records/contact", values("first_name", "Oleg", "responsible_manager", "admin")).json();
        assertProblem(mila.get("/api/v1/records/contact/" + theirs.getString("id") + "/linked"), 404, null, null);
        assertProblem(mila.get("/api/v1/records/spaceship/x/linked"), 404, null, null);
    }

    @Test
    void rollupAddedThroughTheApiIsComputedForContactsThatHaveDeals() {
        JsonObject olga = mila.post("/api/v1/records/contact", values("first_name", "Olga")).json();
        for (int amount : new int[] {3, 4}) {
            mila.post("/api/v1/records/deal", values("title", "Lamp", "contact_id", olga.getString("id"), "amount", amount,
                    "stage", "new"));
        }
        JsonObject contact = admin.get("/api/v1/entities/contact").json();
        contact.remove("version");
        contact.getJsonArray("fields").add(new JsonObject().put("name", "pipeline").put("label", "In the pipeline")
                .put("type", "rollup").put("rollup", new JsonObject().put("via", "deal.contact_id").put("op", "sum")
                        .put("field", "amount").put("where", "stage != 'won' && stage != 'lost'")));
        ApiClient.Response changed = admin.send("PUT", "/api/v1/entities/contact", contact.encode());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(mila.get("/api/v1/records/contact/" + olga.getString("id")).json().getJsonObject("values")
                .getInteger("pipeline")).as("computed for the deals that were there before").isEqualTo(7);
    }

    @Test
    void linkAndRollupDefinitionsAreCheckedNamingTheField() {
        int before = admin.get("/api/v1/entities/contact").json().getInteger("version");
        int ltv = fieldIndex("contact", "ltv");
        assertProblem(putRollup(ltv, new JsonObject().put("via", "deal.title").put("op", "sum").put("field", "amount")),
                422, "fields[" + ltv + "].rollup.via", "exists");
        // A bare name is a links field of the contact itself; "deal" names no field of it.
        assertProblem(putRollup(ltv, new JsonObject().put("via", "deal").put("op", "count")),
                422, "fields[" + ltv + "].rollup.via", "exists");
        assertProblem(putRollup(ltv, new JsonObject().put("via", "deal.contact_id").put("op", "median").put("field", "amount")),
                422, "fields[" + ltv + "].rollup.op", "enum");
        assertProblem(putRollup(ltv, new JsonObject().put("via", "deal.contact_id").put("op", "sum").put("field", "title")),
                422, "fields[" + ltv + "].rollup.field", "exists");
        assertProblem(putRollup(ltv, new JsonObject().put("via", "deal.contact_id").put("op", "sum").put("field", "amount")
                .put("where", "stage == ")), 422, "fields[" + ltv + "].rollup.where", "sandbox");
        assertProblem(putRollup(ltv, new JsonObject().put("via", "deal.contact_id").put("op", "max").put("field", "closed_on")),
                422, "fields[" + ltv + "].rollup", "unchangeable");
        JsonObject deal = admin.get("/api/v1/entities/deal").json();
        deal.remove("version");
        int link = fieldIndex("deal", "contact_id");
        deal.getJsonArray("fields").getJsonObject(link).put("inverse", new JsonObject().put("name", "first_name"));
        assertProblem(admin.send("PUT", "/api/v1/entities/deal", deal.encode()), 422, "fields[" + link + "].inverse.name", "unique");
        assertThat(admin.get("/api/v1/entities/contact").json().getInteger("version")).as("refusals change nothing")
                .isEqualTo(before);
    }

    @Test
    void rollupsFilterByEquality() {
        JsonObject lena = mila.post("/api/v1/records/contact", values("first_name", "Lena")).json();
        mila.post("/api/v1/records/deal", values("title", "Iron", "contact_id", lena.getString("id"), "amount", 7777,
                "stage", "won"));
        assertThat(mila.get("/api/v1/records/contact?ltv=7777").json().getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getString("id"))).containsExactly(lena.getString("id"));
        assertProblem(mila.get("/api/v1/records/contact?ltv=lots"), 400, "ltv", "type");
    }

    private ApiClient.Response putRollup(int index, JsonObject rollup) {
        JsonObject contact = admin.get("/api/v1/entities/contact").json();
        contact.remove("version");
        contact.getJsonArray("fields").getJsonObject(index).put("rollup", rollup);
        return admin.send("PUT", "/api/v1/entities/contact", contact.encode());
    }

    private int fieldIndex(String entity, String field) {
        JsonArray fields = admin.get("/api/v1/entities/" + entity).json().getJsonArray("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.getJsonObject(i).getString("name").equals(field)) {
                return i;
            }
        }
        throw new AssertionError(field);
    }

    @Test
    void linkedAndRollupAnswersMatchTheDocument() {
        ContractCheck contract = new ContractCheck(admin.get("/api/v1/openapi.json").json());
        String contactPath = "/api/v1/records/contact";
        JsonObject body = values("first_name", "Vera");
        JsonObject vera = contract.check("POST", contactPath, body, mila.post(contactPath, body)).json();
        String dealPath = "/api/v1/records/deal";
        JsonObject deal = values("title", "Kettle", "contact_id", vera.getString("id"), "amount", 12.5, "stage", "won",
                "closed_on", "2026-05-05");
        contract.check("POST", dealPath, deal, mila.post(dealPath, deal));
        contract.check("GET", contactPath + "/" + vera.getString("id"), mila.get(contactPath + "/" + vera.getString("id")));
        String linked = contactPath + "/" + vera.getString("id") + "/linked";
        contract.check("GET", linked, mila.get(linked));
        contract.check("GET", "/api/v1/entities", mila.get("/api/v1/entities"));
        contract.check("GET", "/api/v1/entities/contact", admin.get("/api/v1/entities/contact"));
        JsonObject written = values("first_name", "X", "ltv", 1);
        contract.check("POST", contactPath, written, mila.post(contactPath, written));
        assertThat(contract.violations()).as("answers that disagree with docs/openapi.json").isEmpty();
    }

    private static JsonObject group(JsonArray groups, String entity, String direction) {
        return groups.stream().map(g -> (JsonObject) g)
                .filter(g -> g.getString("entity").equals(entity) && g.getString("direction").equals(direction))
                .findFirst().orElseThrow(() -> new AssertionError("no " + direction + " " + entity + " in " + groups));
    }

    private static JsonObject values(Object... pairs) {
        JsonObject values = new JsonObject();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return new JsonObject().put("values", values);
    }
}
