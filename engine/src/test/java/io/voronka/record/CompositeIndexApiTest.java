package io.voronka.record;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Composite indexes declared in a definition ({@code "indexes": [{"fields": [...]}]}): built when
 * declared, visible in the definition, dropped when no longer declared, and refused with the path
 * of what is wrong, changing nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompositeIndexApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers();

    ApiClient admin;
    Database database;

    @BeforeAll
    void start() {
        admin = node.admin();
        database = node.server().server().database();
    }

    @Test
    void theShippedDealDeclaresTheIndexSeedFourCountsBy() {
        JsonObject deal = admin.get("/api/v1/entities/deal").json();
        assertThat(deal.getJsonArray("indexes")).isEqualTo(new JsonArray().add(new JsonObject().put("fields",
                new JsonArray().add("stage").add("closed_on").add("amount").add("contact_id"))));
        assertThat(indexes("rec_deal")).contains("ixc_deal_stage_closed_on_amount_contact_id");
    }

    @Test
    void aDeclaredIndexIsBuiltAndDroppedWhenTheDefinitionNoLongerDeclaresIt() {
        JsonObject shipment = shipment().put("indexes", new JsonArray()
                .add(index("status", "sent_on", "price"))
                .add(index("weight", "contact_id")));
        assertThat(put(shipment).status()).isEqualTo(200);
        assertThat(indexes("rec_shipment")).contains("ixc_shipment_status_sent_on_price", "ixc_shipment_weight_contact_id");
        assertThat(admin.get("/api/v1/entities/shipment").json().getJsonArray("indexes")).hasSize(2);
        assertThat(admin.post("/api/v1/records/shipment", new JsonObject().put("values", new JsonObject()
                .put("status", "sent").put("price", new JsonObject().put("amount", 120).put("currency", "RUB"))
                .put("sent_on", "2026-11-24"))).status()).isEqualTo(201);

        JsonObject fewer = admin.get("/api/v1/entities/shipment").json();
        fewer.put("indexes", new JsonArray().add(index("weight", "contact_id")));
        ApiClient.Response changed = put(fewer);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(indexes("rec_shipment")).contains("ixc_shipment_weight_contact_id")
                .doesNotContain("ixc_shipment_status_sent_on_price");

        JsonObject none = admin.get("/api/v1/entities/shipment").json();
        none.remove("indexes");
        assertThat(put(none).status()).isEqualTo(200);
        assertThat(indexes("rec_shipment")).noneMatch(i -> i.startsWith("ixc_"));
        assertThat(admin.get("/api/v1/entities/shipment").json().containsKey("indexes")).isFalse();
        assertThat(admin.get("/api/v1/records/shipment?count=exact").json().getLong("total")).isEqualTo(1L);
    }

    @Test
    void badIndexesAreRefusedNamingThePathAndChangeNothing() {
        JsonObject deal = admin.get("/api/v1/entities/deal").json();
        int version = deal.getInteger("version");
        assertProblem(put(deal.copy().put("indexes", "stage")), 422, "indexes", "type");
        assertProblem(put(deal.copy().put("indexes", new JsonArray().add(index("stage", "closed_on", "nothing")))), 422,
                "indexes[0].fields[2]", "exists");
        assertProblem(put(deal.copy().put("indexes", new JsonArray().add(index("stage", "amount", "stage")))), 422,
                "indexes[0].fields[2]", "unique");
        assertProblem(put(deal.copy().put("indexes", new JsonArray().add(index("amount")).add(index("stage", "loss_comment")))),
                422, "indexes[1].fields[1]", "type");
        assertProblem(put(deal.copy().put("indexes", new JsonArray().add(new JsonObject()))), 422, "indexes[0].fields", "required");
        assertProblem(put(deal.copy().put("indexes", new JsonArray().add(index("title", "stage", "amount", "closed_on",
                "contact_id", "responsible_manager")))), 422, "indexes[0].fields", "maxItems");
        assertProblem(put(deal.copy().put("indexes", new JsonArray().add(index("amount", "stage")).add(index("amount", "stage")))),
                422, "indexes[1]", "unique");
        JsonArray many = new JsonArray();
        for (int i = 0; i <= CompositeIndexes.MAX_INDEXES; i++) {
            many.add(index("amount", "stage").put("fields", new JsonArray().add("amount").add(i % 2 == 0 ? "stage" : "title")));
        }
        assertProblem(put(deal.copy().put("indexes", many)), 422, "indexes", "maxItems");
        assertThat(admin.get("/api/v1/entities/deal").json().getInteger("version")).isEqualTo(version);
        assertThat(indexes("rec_deal")).filteredOn(i -> i.startsWith("ixc_"))
                .containsExactly("ixc_deal_stage_closed_on_amount_contact_id");
    }

    @Test
    void longFieldNamesMakeANameWithinTheDatabaseLimitThatStaysTheSame() {
        JsonObject definition = new JsonObject().put("name", "parcel").put("label", "Parcel").put("fields", new JsonArray()
                .add(new JsonObject().put("name", "a_rather_long_field_name_for_the_origin").put("type", "text").put("maxLength", 50))
                .add(new JsonObject().put("name", "a_rather_long_field_name_for_the_target").put("type", "number")))
                .put("indexes", new JsonArray().add(index("a_rather_long_field_name_for_the_origin",
                        "a_rather_long_field_name_for_the_target")));
        ApiClient.Response created = admin.send("PUT", "/api/v1/entities/parcel", definition.encode());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(indexes("rec_parcel")).filteredOn(i -> i.startsWith("ixc_parcel_")).singleElement()
                .satisfies(name -> assertThat(name).hasSizeLessThanOrEqualTo(64).matches("ixc_parcel_a_rather_long.*_[0-9a-f]{8}"));
    }

    private Set<String> indexes(String table) {
        return database.withConnection(c -> EntitySchema.existingIndexes(database.dsl(c), table));
    }

    private JsonObject shipment() {
        return new JsonObject().put("name", "shipment").put("label", "Shipment").put("fields", new JsonArray()
                .add(new JsonObject().put("name", "status").put("type", "enum").put("options", new JsonArray()
                        .add(new JsonObject().put("value", "sent")).add(new JsonObject().put("value", "lost"))))
                .add(new JsonObject().put("name", "sent_on").put("type", "date"))
                .add(new JsonObject().put("name", "price").put("type", "money"))
                .add(new JsonObject().put("name", "weight").put("type", "decimal"))
                .add(new JsonObject().put("name", "contact_id").put("type", "link").put("link", "contact")));
    }

    private static JsonObject index(String... fields) {
        return new JsonObject().put("fields", new JsonArray(java.util.List.of((Object[]) fields)));
    }

    private ApiClient.Response put(JsonObject document) {
        document.remove("version");
        return admin.send("PUT", "/api/v1/entities/" + document.getString("name"), document.encode());
    }
}
