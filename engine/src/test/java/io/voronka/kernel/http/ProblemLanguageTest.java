package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Problems are worded in the language the request's Accept-Language asks for: Russian or English. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemLanguageTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    ApiClient admin;

    @BeforeAll
    void start() {
        admin = node.admin();
        JsonObject invoice = new JsonObject().put("label", "Invoice").put("fields", new JsonArray()
                .add(new JsonObject().put("name", "number").put("type", "text").put("required", true).put("unique", true)
                        .put("label", "Number").put("labels", new JsonObject().put("ru", "Номер")))
                .add(new JsonObject().put("name", "amount").put("type", "decimal"))
                .add(new JsonObject().put("name", "due").put("type", "date")));
        ApiClient.Response defined = admin.send("PUT", "/api/v1/entities/invoice", invoice.encode());
        assertThat(defined.status()).as(defined.body()).isEqualTo(200);
    }

    @Test
    void aBadValueIsExplainedInRussianWhenTheReaderAsksForRussian() {
        JsonObject bad = new JsonObject().put("values", new JsonObject().put("number", "INV-1").put("amount", "много"));
        ApiClient.Response russian = admin.inLanguage("ru").post("/api/v1/records/invoice", bad);
        assertThat(russian.status()).as(russian.body()).isEqualTo(422);
        assertThat(message(russian, "values.amount")).isEqualTo("должно быть числом");
        assertThat(russian.json().getString("title")).isEqualTo("Неверные данные");
        assertThat(russian.json().getString("detail")).isEqualTo("values.amount: должно быть числом");
        assertThat(russian.json().getString("code")).isEqualTo("invalid");

        ApiClient.Response english = admin.post("/api/v1/records/invoice", bad);
        assertThat(english.status()).isEqualTo(422);
        assertThat(message(english, "values.amount")).isEqualTo("must be a number");
        assertThat(english.json().getString("title")).isEqualTo("Invalid input");
    }

    @Test
    void aTakenValueIsNamedByTheFieldsLabelInTheReadersLanguage() {
        JsonObject invoice = new JsonObject().put("values", new JsonObject().put("number", "INV-U"));
        assertThat(admin.post("/api/v1/records/invoice", invoice).status()).isEqualTo(201);
        ApiClient.Response russian = admin.inLanguage("ru-RU").post("/api/v1/records/invoice", invoice);
        assertThat(message(russian, "values.number"))
                .isEqualTo("у другой записи уже есть такое значение поля «Номер»; оно должно быть уникальным");
        ApiClient.Response english = admin.post("/api/v1/records/invoice", invoice);
        assertThat(message(english, "values.number")).isEqualTo("another record already has this Number; it must be unique");
    }

    @Test
    void theFirstLanguageTheEngineSpeaksWinsElseEnglish() {
        JsonObject bad = new JsonObject().put("values", new JsonObject().put("due", "31.12.2026"));
        ApiClient.Response browser = admin.inLanguage("de-DE,de;q=0.9,ru-RU;q=0.8,en;q=0.7").post("/api/v1/records/invoice", bad);
        assertThat(message(browser, "values.due")).isEqualTo("должно быть датой в формате ГГГГ-ММ-ДД");
        assertThat(message(browser, "values.number")).isEqualTo("обязательно");
        assertThat(browser.json().getString("detail")).isEqualTo("Неверных полей: 2");

        ApiClient.Response french = admin.inLanguage("fr-FR").post("/api/v1/records/invoice", bad);
        assertThat(message(french, "values.due")).isEqualTo("must be a date as YYYY-MM-DD");
        assertThat(message(french, "values.number")).isEqualTo("is required");
    }

    @Test
    void aRuleThatDoesNotParseIsExplainedInRussianWithItsPosition() {
        JsonObject rule = new JsonObject().put("entity", "invoice").put("source", "amount >");
        ApiClient.Response russian = admin.inLanguage("ru").post("/api/v1/rules/validate", rule);
        assertThat(russian.status()).as(russian.body()).isEqualTo(422);
        assertThat(russian.json().getString("code")).isEqualTo("rule-rejected");
        assertThat(russian.json().getString("title")).isEqualTo("Правило отклонено");
        assertThat(message(russian, "source")).isEqualTo("строка 1, столбец 9: правило кончается там, где ожидалось значение");

        ApiClient.Response english = admin.post("/api/v1/rules/validate", rule);
        assertThat(message(english, "source")).isEqualTo("line 1, column 9: the rule ends where a value was expected");
    }

    @Test
    void aFilterWithAnUnknownFieldIsExplainedInRussian() {
        String filter = URLEncoder.encode("amout > 5", StandardCharsets.UTF_8);
        ApiClient.Response russian = admin.inLanguage("ru").get("/api/v1/records/invoice?filter=" + filter);
        assertThat(russian.status()).as(russian.body()).isEqualTo(422);
        assertThat(message(russian, "filter")).startsWith("строка 1, столбец 1: неизвестное имя 'amout': правило может"
                + " использовать поля записи (");
    }

    @Test
    void anUnknownRouteIsNotFoundInRussian() {
        ApiClient.Response russian = admin.inLanguage("ru").get("/api/v1/no-such-thing");
        assertThat(russian.status()).isEqualTo(404);
        assertThat(russian.json().getString("title")).isEqualTo("Не найдено");
        assertThat(russian.json().getString("detail")).isEqualTo("нет маршрута GET /api/v1/no-such-thing");
    }

    @Test
    void theDesignerShowsAModelsFindingsAndItsDeployRefusalInTheReadersLanguage() {
        // A user task nobody gets, with no form, on a path that never ends.
        String model = """
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="https://voronka.io/test">
                  <process id="languageCheck" isExecutable="true">
                    <startEvent id="start"/>
                    <sequenceFlow id="toApprove" sourceRef="start" targetRef="approve"/>
                    <userTask id="approve" name="Approve"/>
                  </process>
                </definitions>""";
        ApiClient.Response russian = admin.inLanguage("ru").send("POST", "/api/v1/process-models", model, "application/xml");
        assertThat(russian.status()).as(russian.body()).isEqualTo(201);
        assertThat(finding(russian.json(), "approve", "missing-form"))
                .isEqualTo("у задачи нет формы (flowable:formKey): она завершается без полей");
        String id = russian.json().getString("id");

        ApiClient.Response english = admin.get("/api/v1/process-models/" + id);
        assertThat(finding(english.json(), "approve", "missing-form"))
                .isEqualTo("the task has no form (flowable:formKey): it is completed without any fields");
        // the list answers the findings saved with the revision, in the reader's language too
        JsonObject listed = admin.inLanguage("ru").get("/api/v1/process-models").array().stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("id").equals(id)).findFirst().orElseThrow();
        assertThat(finding(listed, "approve", "unassigned")).startsWith("у задачи нет исполнителя");

        ApiClient.Response refused = admin.inLanguage("ru").post("/api/v1/process-models/" + id + "/deploy", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(message(refused, "languageCheck"))
                .isEqualTo("от начала нельзя дойти ни до одного конечного события: экземпляр никогда не завершится");
        ApiClient.Response refusedInEnglish = admin.post("/api/v1/process-models/" + id + "/deploy", null);
        assertThat(message(refusedInEnglish, "languageCheck"))
                .isEqualTo("no end event can be reached from the start: an instance would never finish");
    }

    @Test
    void anInboxRefusalIsInRussian() {
        ApiClient.Response russian = admin.inLanguage("ru").post("/api/v1/tasks/no-such-task/claim", null);
        assertThat(russian.status()).as(russian.body()).isEqualTo(404);
        assertThat(russian.json().getString("detail")).isEqualTo("в ваших входящих нет задачи no-such-task");
        ApiClient.Response english = admin.post("/api/v1/tasks/no-such-task/claim", null);
        assertThat(english.json().getString("detail")).isEqualTo("no task no-such-task in your inbox");

        ApiClient.Response view = admin.inLanguage("ru").get("/api/v1/tasks?view=someday");
        assertThat(view.status()).as(view.body()).isEqualTo(400);
        assertThat(message(view, "view")).isEqualTo("должно быть одним из: «all», «mine», «groups», «pool», «overdue»");
    }

    @Test
    void aWebhookRefusalIsInRussian() {
        ApiClient.Response russian = admin.inLanguage("ru").post("/api/v1/hooks/no-such-hook", new JsonObject());
        assertThat(russian.status()).as(russian.body()).isEqualTo(404);
        assertThat(russian.json().getString("detail")).isEqualTo("нет вебхука 'no-such-hook'");
        ApiClient.Response english = admin.post("/api/v1/hooks/no-such-hook", new JsonObject());
        assertThat(english.json().getString("detail")).isEqualTo("no hook 'no-such-hook'");
    }

    @Test
    void anImportedFileOrModelThatCannotBeTakenIsExplainedInRussian() {
        String boundary = "language-test";
        String emptyFile = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\r\n--" + boundary + "--\r\n";
        String multipart = "multipart/form-data; boundary=" + boundary;
        ApiClient.Response russian = admin.inLanguage("ru").send("POST", "/api/v1/files", emptyFile, multipart);
        assertThat(russian.status()).as(russian.body()).isEqualTo(400);
        assertThat(message(russian, "file")).isEqualTo("файл пуст");
        assertThat(admin.send("POST", "/api/v1/files", emptyFile, multipart).json().getString("detail")).isEqualTo("file: is empty");

        String notBpmn = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>";
        ApiClient.Response model = admin.inLanguage("ru").send("POST", "/api/v1/process-models", notBpmn, "application/xml");
        assertThat(model.status()).as(model.body()).isEqualTo(422);
        assertThat(message(model, "body")).isEqualTo("не документ BPMN 2.0: его корневой элемент — html из http://www.w3.org/1999/xhtml,"
                + " а не «definitions» из http://www.omg.org/spec/BPMN/20100524/MODEL");
        assertThat(message(admin.send("POST", "/api/v1/process-models", notBpmn, "application/xml"), "body"))
                .isEqualTo("is not a BPMN 2.0 document: its root is html in http://www.w3.org/1999/xhtml,"
                        + " not definitions in http://www.omg.org/spec/BPMN/20100524/MODEL");
    }

    private static String finding(JsonObject model, String element, String code) {
        return model.getJsonArray("findings").stream().map(JsonObject.class::cast)
                .filter(f -> f.getString("elementId").equals(element) && f.getString("code").equals(code))
                .map(f -> f.getString("message")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " finding on " + element + " in " + model));
    }

    private static String message(ApiClient.Response problem, String field) {
        return problem.json().getJsonArray("errors").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("field").equals(field)).map(e -> e.getString("message"))
                .findFirst().orElseThrow(() -> new AssertionError("no problem for " + field + " in " + problem.body()));
    }
}
