package io.voronka.kernel.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.kernel.rule.EscapeCorpus.Entry;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule editor's API: validate, evaluate and the function list, for admins only, never a 5xx. */
class RuleApiTest {

    /** What would betray the server's insides in an answer: class names, exception types, stack frames. */
    static final Pattern JAVA_INSIDES = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|com\\.sun|org\\.mvel2|org\\.flowable|io\\.voronka|io\\.vertx)\\.[a-z]+\\.?"
                    + "|\\b[A-Z][A-Za-z]*(?:Exception|Error)\\b|\\tat |\\.java:\\d+|\\$Proxy|\\$\\$Lambda");

    static TestServer server;
    static ApiClient admin;
    static ApiClient manager;

    @TempDir
    static Path tempDir;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        Leads.addManager(admin, "rosa");
        manager = server.anonymous().signIn("rosa", "Manager-pass-123");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ApiClient.Response validate(ApiClient client, String source) {
        return client.post("/api/v1/rules/validate", new JsonObject().put("entity", "contact").put("source", source));
    }

    static ApiClient.Response evaluate(ApiClient client, String source, JsonObject values) {
        return client.post("/api/v1/rules/evaluate", new JsonObject().put("entity", "contact").put("source", source)
                .put("values", values));
    }

    static JsonObject hotLeadValues() {
        return Leads.hotLead("Petrov").getJsonObject("values");
    }

    static JsonObject onlyError(ApiClient.Response r) {
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonArray errors = r.json().getJsonArray("errors");
        assertThat(errors).as(r.body()).hasSize(1);
        return errors.getJsonObject(0);
    }

    @Test
    void shippedLeadScoreIsAValidNumberRule() {
        String leadScore = ContentFolder.read(null, "forms").get("rules/lead-score.mvel");
        ApiClient.Response r = validate(admin, leadScore);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getBoolean("valid")).isTrue();
        assertThat(r.json().getString("type")).isEqualTo("number");
        assertThat(r.json().getJsonArray("reads").getList()).contains("budget", "decision_maker", "phone", "source");
    }

    @Test
    void badRuleIsRejectedWithFieldRuleAndPosition() {
        ApiClient.Response r = validate(admin, "points = 0;\n  Runtime.getRuntime().exec('id');\nreturn points;");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonObject error = onlyError(r);
        assertThat(error.getString("field")).isEqualTo("source");
        assertThat(error.getString("rule")).isEqualTo("sandbox");
        assertThat(error.getString("message")).startsWith("line 2, column 3: unknown name 'Runtime'");
    }

    @Test
    void budgetComparedWithTextIsRejectedAtSaveTimeWithItsPosition() {
        ApiClient.Response r = validate(admin, "budget > 'abc'");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonObject error = onlyError(r);
        assertThat(error.getString("rule")).isEqualTo("sandbox");
        assertThat(error.getString("message")).isEqualTo("line 1, column 8: cannot order a number and a text with >");
    }

    @Test
    void evaluateAnswersTheValueOfTheRuleOnSampleValues() {
        String leadScore = ContentFolder.read(null, "forms").get("rules/lead-score.mvel");
        ApiClient.Response r = evaluate(admin, leadScore, hotLeadValues());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getValue("value")).isEqualTo(95);
        ApiClient.Response greeting = evaluate(admin, "gender == 'female' ? 'Уважаемая ' + first_name : 'Уважаемый ' + first_name",
                hotLeadValues().put("gender", "male"));
        assertThat(greeting.json().getValue("value")).isEqualTo("Уважаемый Ivan");
        ApiClient.Response birthday = evaluate(admin, "addDays(birth_date, 7)", new JsonObject().put("birth_date", "1990-11-30"));
        assertThat(birthday.json().getValue("value")).isEqualTo("1990-12-07");
    }

    @Test
    void ruleOverTheTextCapFailsWithRuleBudget() {
        ApiClient.Response r = evaluate(admin, "t = 'xxxxxxxxxx';\n" + "t = t + t;\n".repeat(12) + "t", new JsonObject());
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonObject error = onlyError(r);
        assertThat(error.getString("field")).isEqualTo("source");
        assertThat(error.getString("rule")).isEqualTo("budget");
        assertThat(error.getString("message")).contains("longer than 10000 characters");
    }

    @Test
    void ruleOverTheNumberCapFailsWithRuleBudget() {
        ApiClient.Response r = evaluate(admin, "n = budget;\n" + "n = n * n;\n".repeat(6) + "n", new JsonObject().put("budget", 99999));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(onlyError(r).getString("rule")).isEqualTo("budget");
        assertThat(onlyError(r).getString("message")).contains("more than 38 digits");
    }

    @Test
    void ruleThatMeetsABadValueFailsWithRuleEvaluation() {
        ApiClient.Response r = evaluate(admin, "budget / 0", new JsonObject().put("budget", 5));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(onlyError(r).getString("rule")).isEqualTo("evaluation");
        assertThat(onlyError(r).getString("message")).isEqualTo("division by zero");
    }

    @Test
    void sampleValuesAreCheckedAsARecordsWouldBe() {
        ApiClient.Response unknown = evaluate(admin, "budget", new JsonObject().put("secret_key", 1));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(onlyError(unknown).getString("field")).isEqualTo("values.secret_key");
        ApiClient.Response mistyped = evaluate(admin, "budget", new JsonObject().put("budget", "a lot"));
        assertThat(mistyped.status()).isEqualTo(422);
        assertThat(onlyError(mistyped).getString("field")).isEqualTo("values.budget");
        ApiClient.Response notAnObject = admin.post("/api/v1/rules/evaluate", new JsonObject().put("entity", "contact")
                .put("source", "1").put("values", new JsonArray().add(1)));
        assertThat(notAnObject.status()).isEqualTo(422);
        assertThat(onlyError(notAnObject).getString("field")).isEqualTo("values");
    }

    @Test
    void unknownEntityAndMissingSourceNameTheirField() {
        ApiClient.Response entity = admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "nope").put("source", "1"));
        assertThat(entity.status()).isEqualTo(422);
        assertThat(onlyError(entity).getString("field")).isEqualTo("entity");
        ApiClient.Response source = admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "contact"));
        assertThat(source.status()).isEqualTo(422);
        assertThat(onlyError(source).getString("field")).isEqualTo("source");
    }

    @Test
    void functionsListsTheWholeLibrary() {
        ApiClient.Response r = admin.get("/api/v1/rules/functions");
        assertThat(r.status()).isEqualTo(200);
        List<String> names = r.array().stream().map(f -> ((JsonObject) f).getString("name")).toList();
        List<String> expected = new ArrayList<>(RuleFunctions.all().stream().map(RuleFunctions.Function::name).toList());
        expected.addAll(RuleFunctions.OVER_RECORDS.keySet());
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.array().stream().map(f -> ((JsonObject) f).getString("description"))).allSatisfy(d -> assertThat(d).isNotBlank());
    }

    @Test
    void managersMayNotUseTheRuleEditor() {
        assertThat(validate(manager, "1").status()).isEqualTo(403);
        assertThat(evaluate(manager, "1", new JsonObject()).status()).isEqualTo(403);
        assertThat(manager.get("/api/v1/rules/functions").status()).isEqualTo(403);
        assertThat(validate(server.anonymous(), "1").status()).isEqualTo(401);
    }

    /**
     * Every corpus attempt through both routes: 200 or 422, nothing of Java in the answer, and
     * nothing created, connected to or written while the server read them.
     */
    @Test
    void everyCorpusAttemptAnswers200Or422AndChangesNothing() throws IOException {
        Path marker = tempDir.resolve("escaped");
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket ignored = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            System.setProperty(EscapeCorpusTest.SECRET_PROPERTY, EscapeCorpusTest.SECRET);
            long processesBefore = processCount();
            int contactsBefore = recordCount("contact");
            int dealsBefore = recordCount("deal");
            List<Entry> corpus = EscapeCorpus.load(Map.of("MARKER", marker.toString(),
                    "PORT", String.valueOf(listener.getLocalPort()), "SECRET_PROPERTY", EscapeCorpusTest.SECRET_PROPERTY));

            SoftAssertions softly = new SoftAssertions();
            for (Entry entry : corpus) {
                for (ApiClient.Response r : List.of(validate(admin, entry.source()), evaluate(admin, entry.source(), hotLeadValues()))) {
                    softly.assertThat(r.status()).as("%s -> %s", entry, r.body()).isIn(200, 422);
                    softly.assertThat(javaInsides(r.body(), entry.source())).as("%s -> %s", entry, r.body()).isEmpty();
                    softly.assertThat(r.body()).as("%s leaks the secret", entry).doesNotContain(EscapeCorpusTest.SECRET);
                }
            }
            softly.assertAll();
            assertThat(Files.exists(marker)).as("marker file").isFalse();
            assertThat(connections.get()).as("connections to the listener").isZero();
            assertThat(processCount()).as("processes").isEqualTo(processesBefore);
            assertThat(recordCount("contact")).isEqualTo(contactsBefore);
            assertThat(recordCount("deal")).isEqualTo(dealsBefore);
            assertThat(admin.get("/health/live").status()).as("the server still answers").isEqualTo(200);
        } finally {
            System.clearProperty(EscapeCorpusTest.SECRET_PROPERTY);
        }
    }

    /** Java names in an answer, except those the rule author wrote in the source themselves. */
    static List<String> javaInsides(String answer, String source) {
        List<String> found = new ArrayList<>();
        Matcher m = JAVA_INSIDES.matcher(answer);
        while (m.find()) {
            if (!source.contains(m.group())) {
                found.add(m.group());
            }
        }
        return found;
    }

    static long processCount() {
        var engine = server.server().processEngine();
        return engine.getRuntimeService().createProcessInstanceQuery().count()
                + engine.getHistoryService().createHistoricProcessInstanceQuery().count();
    }

    static int recordCount(String entity) {
        return admin.get("/api/v1/records/" + entity + "?limit=1&count=true").json().getInteger("count");
    }
}
