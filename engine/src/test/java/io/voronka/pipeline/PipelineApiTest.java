package io.voronka.pipeline;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.SignedInServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pipeline board over a laned nonlinear sale (deal-pipeline.bpmn20.xml): a proposal loops back to
 * qualification, legal and finance run in parallel, finance waits for a payment message, a deal can
 * be lost. Moves go only the process's way; a refusal says which step leads to the stage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineApiTest {

    static final String KEY = "deal-pipeline";

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("nina", "petr");

    ApiClient admin;

    @BeforeAll
    void deploy() throws IOException {
        admin = node.admin();
        String xml = fixture();
        assertThat(admin.send("POST", "/api/v1/process-definitions", xml, "application/xml").status()).isEqualTo(201);
        // The same sale where going back from the proposal never matches: a move there is taken elsewhere.
        String strict = xml.replace("id=\"deal-pipeline\"", "id=\"deal-pipeline-strict\"")
                .replace("${movedTo == 'qualification'}", "${movedTo == 'nowhere'}");
        assertThat(admin.send("POST", "/api/v1/process-definitions", strict, "application/xml").status()).isEqualTo(201);
    }

    static String fixture() throws IOException {
        try (InputStream in = PipelineApiTest.class.getResourceAsStream("/bpmn/deal-pipeline.bpmn20.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pipelinesListLanesAsStagesInDocumentOrder() {
        JsonObject pipeline = pipeline(admin.get("/api/v1/pipelines").array(), KEY);
        assertThat(pipeline.getString("entity")).isEqualTo("deal");
        assertThat(pipeline.getString("name")).isEqualTo("Сделка по этапам");
        List<String> keys = new ArrayList<>();
        pipeline.getJsonArray("stages").forEach(s -> keys.add(((JsonObject) s).getString("key")));
        assertThat(keys).containsExactly("qualification", "proposal", "legal", "finance", "won", "lost");
        JsonObject lost = pipeline.getJsonArray("stages").getJsonObject(5);
        assertThat(lost.getString("label")).isEqualTo("Проиграна");
        assertThat(lost.getString("outcome")).isEqualTo("lost");
        assertThat(pipeline.getJsonArray("stages").getJsonObject(1).getString("label")).isEqualTo("Предложение");
        assertThat(pipeline.getJsonArray("stages").getJsonObject(1).getJsonObject("labels").getMap())
                .as("the lane's voronka:label names, by lower-case language code")
                .isEqualTo(java.util.Map.of("en", "Proposal", "ru", "Коммерческое предложение"));
        assertThat(lost.getJsonObject("labels").getMap()).as("a lane without them").isEmpty();
        assertThat(admin.get("/api/v1/pipelines").array().stream().map(p -> ((JsonObject) p).getString("key")))
                .as("a process without lanes is no pipeline").doesNotContain("lead-intake");
    }

    @Test
    void aDealRunsThroughLoopParallelBranchesAndAMessageToWon() {
        String deal = newDeal("Поставка станков", null);
        assertThat(stagesOf(KEY, deal)).containsExactly("qualification");

        JsonObject refused = move(deal, "won").json();
        assertThat(refused.getString("code")).isEqualTo("stage-refused");
        JsonObject why = refused.getJsonObject("refusal");
        assertThat(why.getString("reason")).isEqualTo("not-reachable");
        assertThat(why.getJsonArray("current")).containsExactly("Квалификация");
        assertThat(why.getJsonArray("currentKeys")).as("keys beside labels, for the console to name them in its language")
                .containsExactly("qualification");
        assertThat(why.getJsonArray("after").stream().map(s -> ((JsonObject) s).getString("stageKey")))
                .containsExactlyInAnyOrder("legal", "finance");
        assertThat(why.getJsonArray("after").stream().map(s -> ((JsonObject) s).getString("step")))
                .containsExactlyInAnyOrder("Согласовать договор", "Оплата получена");
        assertThat(why.getJsonArray("after").stream().map(s -> ((JsonObject) s).getJsonObject("stepLabels").getString("en")))
                .as("a step's voronka:label names, for the console to name it in its language")
                .containsExactlyInAnyOrder("Approve the contract", null);
        assertThat(refused.getString("detail")).contains("«Выиграна»", "only after", "«Согласовать договор»");
        assertThat(stagesOf(KEY, deal)).as("a refused move changes nothing").containsExactly("qualification");

        assertThat(move(deal, "proposal").status()).isEqualTo(200);
        assertThat(stagesOf(KEY, deal)).containsExactly("proposal");
        assertThat(move(deal, "qualification").json().getJsonArray("stages")).as("the loop back").containsExactly("qualification");
        assertThat(move(deal, "proposal").status()).isEqualTo(200);
        JsonObject split = move(deal, "legal").json();
        assertThat(split.getJsonArray("stages")).as("both parallel branches").containsExactly("legal", "finance");
        JsonObject board = board(admin, KEY, null);
        assertThat(cardIds(board, "legal")).contains(deal);
        assertThat(cardIds(board, "finance")).contains(deal);

        JsonObject ambiguous = move(deal, "won").json();
        assertThat(ambiguous.getJsonObject("refusal").getString("reason")).isEqualTo("ambiguous");
        assertThat(move(deal, "legal").json().getJsonObject("refusal").getString("reason")).isEqualTo("already-there");

        JsonObject legalTask = task(deal, "Согласовать договор");
        assertThat(admin.post("/api/v1/tasks/" + legalTask.getString("id") + "/complete", new JsonObject()).status()).isEqualTo(204);
        assertThat(stagesOf(KEY, deal)).containsExactly("finance");
        JsonObject won = move(deal, "won").json();
        assertThat(won.getJsonArray("stages")).as("the payment message delivered, the process ended in won").containsExactly("won");
        JsonObject card = card(board(admin, KEY, null), "won", deal);
        assertThat(card.getBoolean("running")).isFalse();
        assertThat(card.getString("title")).isEqualTo("Поставка станков");
    }

    @Test
    void aMoveTheProcessTakesElsewhereIsRefusedAndChangesNothing() {
        String deal = newDeal("Лицензии", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> !stagesOf("deal-pipeline-strict", deal).isEmpty());
        assertThat(admin.post("/api/v1/pipelines/deal-pipeline-strict/records/deal/" + deal + "/move",
                new JsonObject().put("to", "proposal")).status()).isEqualTo(200);
        ApiClient.Response back = admin.post("/api/v1/pipelines/deal-pipeline-strict/records/deal/" + deal + "/move",
                new JsonObject().put("to", "qualification"));
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.json().getJsonObject("refusal").getString("reason")).isEqualTo("other-way");
        assertThat(back.json().getString("detail")).contains("«Отправить предложение»", "nothing was changed");
        assertThat(stagesOf("deal-pipeline-strict", deal)).containsExactly("proposal");
    }

    @Test
    void aLossNeedsAReasonFromTheListAndACommentForOther() {
        String deal = newDeal("Сервисный контракт", null);
        assertProblem(move(deal, "lost"), 422, "lossReason", "required");
        assertProblem(move(deal, "lost", Map.of("lossReason", "bored")), 422, "lossReason", "option");
        assertProblem(move(deal, "lost", Map.of("lossReason", "other")), 422, "lossComment", "required");
        assertThat(stagesOf(KEY, deal)).containsExactly("qualification");
        ApiClient.Response lost = move(deal, "lost", Map.of("lossReason", "other", "lossComment", "Ушли к партнёру"));
        assertThat(lost.status()).as(lost.body()).isEqualTo(200);
        JsonObject record = admin.get("/api/v1/records/deal/" + deal).json().getJsonObject("values");
        assertThat(record.getString("stage")).isEqualTo("lost");
        assertThat(record.getString("loss_reason")).isEqualTo("other");
        assertThat(record.getString("loss_comment")).isEqualTo("Ушли к партнёру");
        assertThat(cardIds(board(admin, KEY, null), "lost")).contains(deal);
    }

    @Test
    void aBoardShowsOnlyRecordsTheReaderMayReadAndMatchingTheFilter() {
        String open = newDeal("Общая сделка", null);
        String petrs = newDeal("Сделка Петра", "petr");
        ApiClient nina = node.manager("nina");
        JsonObject board = board(nina, KEY, null);
        assertThat(cardIds(board, "qualification")).contains(open).doesNotContain(petrs);
        assertThat(cardIds(board(admin, KEY, null), "qualification")).contains(open, petrs);
        JsonObject filtered = board(admin, KEY, "title == 'Сделка Петра'");
        assertThat(cardIds(filtered, "qualification")).containsExactly(petrs);
        assertThat(filtered.getJsonArray("stages").getJsonObject(0).getInteger("count")).isEqualTo(1);
        assertProblem(admin.get("/api/v1/pipelines/" + KEY + "/board?filter=" + enc("title ==")), 422, "filter", "sandbox");
        assertProblem(move(nina, petrs, "proposal", Map.of()), 404, null, null);
        assertProblem(admin.get("/api/v1/pipelines/lead-intake/board"), 404, null, null);
        assertProblem(move(open, "nowhere"), 422, "to", "exists");
        assertThat(move(nina, open, "proposal", Map.of()).status()).as("a manager takes the pool's task by moving").isEqualTo(200);
    }

    // --- helpers ---

    private String newDeal(String title, String manager) {
        JsonObject values = new JsonObject().put("title", title).put("stage", "new").put("amount", 1000);
        if (manager != null) {
            values.put("responsible_manager", manager);
        }
        ApiClient.Response created = admin.post("/api/v1/records/deal", new JsonObject().put("values", values));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> !stagesOf(KEY, id).isEmpty());
        return id;
    }

    private ApiClient.Response move(String deal, String to) {
        return move(deal, to, Map.of());
    }

    private ApiClient.Response move(String deal, String to, Map<String, String> extra) {
        return move(admin, deal, to, extra);
    }

    private static ApiClient.Response move(ApiClient client, String deal, String to, Map<String, String> extra) {
        JsonObject body = new JsonObject().put("to", to);
        new TreeMap<>(extra).forEach(body::put);
        return client.post("/api/v1/pipelines/" + KEY + "/records/deal/" + deal + "/move", body);
    }

    private List<String> stagesOf(String key, String deal) {
        for (Object column : board(admin, key, null).getJsonArray("stages")) {
            for (Object c : ((JsonObject) column).getJsonArray("cards")) {
                if (((JsonObject) c).getString("id").equals(deal)) {
                    return ((JsonObject) c).getJsonArray("stages").getList();
                }
            }
        }
        return List.of();
    }

    private static JsonObject board(ApiClient client, String key, String filter) {
        ApiClient.Response response = client.get("/api/v1/pipelines/" + key + "/board"
                + (filter == null ? "" : "?filter=" + enc(filter)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> cardIds(JsonObject board, String stage) {
        List<String> ids = new ArrayList<>();
        for (Object column : board.getJsonArray("stages")) {
            if (((JsonObject) column).getString("key").equals(stage)) {
                ((JsonObject) column).getJsonArray("cards").forEach(c -> ids.add(((JsonObject) c).getString("id")));
            }
        }
        return ids;
    }

    private static JsonObject card(JsonObject board, String stage, String id) {
        for (Object column : board.getJsonArray("stages")) {
            if (((JsonObject) column).getString("key").equals(stage)) {
                for (Object c : ((JsonObject) column).getJsonArray("cards")) {
                    if (((JsonObject) c).getString("id").equals(id)) {
                        return (JsonObject) c;
                    }
                }
            }
        }
        throw new AssertionError("no card " + id + " in " + stage);
    }

    private JsonObject task(String deal, String name) {
        for (Object t : admin.get("/api/v1/tasks?recordId=" + deal + "&processKey=" + KEY).array()) {
            if (name.equals(((JsonObject) t).getString("name"))) {
                return (JsonObject) t;
            }
        }
        throw new AssertionError("no task " + name + " for " + deal);
    }

    private static JsonObject pipeline(JsonArray list, String key) {
        return list.stream().map(JsonObject.class::cast).filter(p -> key.equals(p.getString("key"))).findFirst()
                .orElseThrow(() -> new AssertionError("no pipeline " + key + " in " + list));
    }
}
