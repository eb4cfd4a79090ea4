package io.voronka.record;

import static io.voronka.record.FieldTypesApiTest.field;
import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Validation from the definition on writes: unique values (also under racing writers), patterns, stage rules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordRulesApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    ApiClient admin;

    @BeforeAll
    void start() {
        admin = node.admin();
        JsonObject supplier = new JsonObject().put("label", "Supplier").put("fields", new JsonArray()
                .add(field("name", "text").put("unique", true))
                .add(field("inn", "text").put("maxLength", 12).put("unique", true))
                .add(field("code", "text").put("pattern", "(a+)+b")));
        ApiClient.Response defined = admin.send("PUT", "/api/v1/entities/supplier", supplier.encode());
        assertThat(defined.status()).as(defined.body()).isEqualTo(200);
    }

    @Test
    void aTakenUniqueValueIsRefusedNamingTheFieldIgnoringCase() {
        assertThat(supplier(new JsonObject().put("name", "ООО Ромашка")).status()).isEqualTo(201);
        assertProblem(supplier(new JsonObject().put("name", "ооо ромашка")), 422, "values.name", "unique");
        String other = supplier(new JsonObject().put("name", "ИП Васильев")).json().getString("id");
        // Changing another record to the taken value is refused too; keeping one's own value is not.
        assertProblem(admin.patch("/api/v1/records/supplier/" + other, new JsonObject().put("version", 1)
                .put("values", new JsonObject().put("name", "ООО Ромашка"))), 422, "values.name", "unique");
        assertThat(admin.patch("/api/v1/records/supplier/" + other, new JsonObject().put("version", 1)
                .put("values", new JsonObject().put("name", "ИП Васильев"))).status()).isEqualTo(200);
    }

    @Test
    void twoWritersRacingForOneUniqueValueStoreItOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            String inn = "77070838" + (10 + round);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Response>> answers = new ArrayList<>();
            try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 4; i++) {
                    int writer = i;
                    answers.add(writers.submit(() -> {
                        go.await();
                        return supplier(new JsonObject().put("name", "Racer " + inn + " " + writer).put("inn", inn));
                    }));
                }
                go.countDown();
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiClient.Response> answer : answers) {
                ApiClient.Response response = answer.get();
                statuses.add(response.status());
                if (response.status() != 201) {
                    assertProblem(response, 422, "values.inn", "unique");
                }
            }
            assertThat(statuses).as("round %d", round).containsOnlyOnce(201);
            assertThat(admin.get("/api/v1/records/supplier?inn=" + inn).json().getJsonArray("items")).hasSize(1);
        }
    }

    @Test
    void aPatternThatBacktracksForeverRefusesTheValueInsteadOfHoldingTheServer() {
        long started = System.nanoTime();
        assertProblem(supplier(new JsonObject().put("name", "Slow").put("code", "a".repeat(200) + "c")), 422,
                "values.code", "pattern");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(5_000);
        assertThat(supplier(new JsonObject().put("name", "Fast").put("code", "aab")).status()).isEqualTo(201);
    }

    @Test
    void aFieldCannotBecomeUniqueWhileRecordsShareAValue() {
        JsonObject shop = new JsonObject().put("label", "Shop").put("fields", new JsonArray().add(field("city", "text")));
        assertThat(admin.send("PUT", "/api/v1/entities/shop", shop.encode()).status()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            assertThat(admin.post("/api/v1/records/shop", new JsonObject().put("values", new JsonObject().put("city", "Казань")))
                    .status()).isEqualTo(201);
        }
        shop.getJsonArray("fields").getJsonObject(0).put("unique", true);
        assertProblem(admin.send("PUT", "/api/v1/entities/shop", shop.encode()), 422, "fields[0].unique", "unique");
        assertThat(admin.get("/api/v1/entities/shop").json().getInteger("version")).isEqualTo(1);
    }

    @Test
    void aLostDealNeedsALossReasonAndOtherNeedsAComment() {
        ApiClient.Response noReason = deal(new JsonObject().put("title", "Fleet").put("stage", "lost"));
        assertProblem(noReason, 422, "values.loss_reason", "rule");
        assertThat(noReason.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("A lost deal needs a loss reason");
        assertProblem(deal(new JsonObject().put("title", "Fleet").put("stage", "lost").put("loss_reason", "because")),
                422, "values.loss_reason", "enum");
        assertProblem(deal(new JsonObject().put("title", "Fleet").put("stage", "lost").put("loss_reason", "other")),
                422, "values.loss_comment", "rule");
        assertThat(deal(new JsonObject().put("title", "Fleet").put("stage", "lost").put("loss_reason", "other")
                .put("loss_comment", "Уехали в другой город")).status()).isEqualTo(201);
        assertThat(deal(new JsonObject().put("title", "Fleet").put("stage", "lost").put("loss_reason", "price")).status())
                .isEqualTo(201);
        assertProblem(deal(new JsonObject().put("title", "Refund").put("stage", "new").put("amount", -5)), 422,
                "values.amount", "min");

        // Moving an open deal to lost through PATCH is checked over the whole record as it would be stored.
        JsonObject open = deal(new JsonObject().put("title", "Chairs").put("stage", "negotiation")).json();
        String path = "/api/v1/records/deal/" + open.getString("id");
        assertProblem(admin.patch(path, new JsonObject().put("version", 1).put("values", new JsonObject().put("stage", "lost"))),
                422, "values.loss_reason", "rule");
        assertThat(admin.patch(path, new JsonObject().put("version", 1).put("values", new JsonObject().put("stage", "lost")
                .put("loss_reason", "competitor"))).status()).isEqualTo(200);
    }

    @Test
    void stageRulesThatDoNotCheckAreRefusedWithTheirPosition() {
        JsonObject deal = admin.get("/api/v1/entities/deal").json();
        deal.remove("version");
        deal.getJsonArray("rules").add(new JsonObject().put("when", "stage == 'lost' &&").put("require", "true")
                .put("field", "stage").put("message", "x"));
        ApiClient.Response refused = admin.send("PUT", "/api/v1/entities/deal", deal.encode());
        assertProblem(refused, 422, "rules[2].when", "sandbox");
        assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("message")).startsWith("line 1, column ");

        deal.getJsonArray("rules").remove(2);
        deal.getJsonArray("rules").add(new JsonObject().put("when", "stage == 'lost'").put("require", "amount")
                .put("field", "amount").put("message", "x"));
        assertProblem(admin.send("PUT", "/api/v1/entities/deal", deal.encode()), 422, "rules[2].require", "sandbox");
        deal.getJsonArray("rules").remove(2);
        deal.getJsonArray("rules").add(new JsonObject().put("require", "true").put("field", "ghost").put("message", "x"));
        assertProblem(admin.send("PUT", "/api/v1/entities/deal", deal.encode()), 422, "rules[2].field", "exists");
    }

    private ApiClient.Response supplier(JsonObject values) {
        return admin.post("/api/v1/records/supplier", new JsonObject().put("values", values));
    }

    private ApiClient.Response deal(JsonObject values) {
        return admin.post("/api/v1/records/deal", new JsonObject().put("values", values));
    }
}
