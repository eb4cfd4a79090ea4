package io.voronka.timeline;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.LiveListener;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The card's timeline, comments with mentions and restoring a value from the history, as a console sees them. */
class TimelineTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("nina", "pavel");

    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient nina;
    private static ApiClient pavel;

    @BeforeAll
    static void signIn() {
        server = node.server();
        admin = node.admin();
        nina = node.manager("nina");
        pavel = node.manager("pavel");
    }

    @Test
    void timelineShowsChangesCommentsAndTasksNewestFirst() throws Exception {
        String id = admin.post("/api/v1/records/contact", Leads.hotLead("Timeline")).json().getString("id");
        String path = "/api/v1/records/contact/" + id;
        JsonObject task = Leads.awaitTask(admin, id);
        Thread.sleep(5);
        assertThat(admin.patch(path, change(admin.get(path).json().getInteger("version"), "phone", "+79120000001")).status())
                .isEqualTo(200);
        Thread.sleep(5);
        assertThat(admin.post(path + "/comments", new JsonObject().put("text", "Called, will decide by Friday")).status())
                .isEqualTo(201);
        Thread.sleep(5);
        assertThat(admin.post("/api/v1/tasks/" + task.getString("id") + "/complete", new JsonObject().put("values",
                new JsonObject().put("outcome", "not_qualified").put("comment", "No budget this year"))).status())
                .isEqualTo(204);

        JsonArray items = admin.get(path + "/timeline").json().getJsonArray("items");
        List<String> kinds = kinds(items);
        assertThat(kinds).containsSubsequence("task", "comment", "changed", "created");
        assertThat(kinds.getLast()).isEqualTo("created");
        assertNewestFirst(items);
        JsonObject done = first(items, "task");
        assertThat(done.getString("name")).isEqualTo("Call the lead");
        assertThat(done.getString("outcome")).isEqualTo("not_qualified");
        assertThat(done.getString("comment")).isEqualTo("No budget this year");
        assertThat(done.getString("actor")).isEqualTo("admin");
        JsonObject changed = first(items, "changed");
        assertThat(changed.getString("field")).isEqualTo("phone");
        assertThat(changed.getString("oldValue")).isEqualTo("+79123456789");
        assertThat(changed.getString("newValue")).isEqualTo("+79120000001");
        assertThat(changed.getLong("entryId")).isPositive();
        assertThat(first(items, "comment").getString("text")).isEqualTo("Called, will decide by Friday");
        assertThat(first(items, "comment").getString("actorName")).isNotBlank();
        assertThat(first(items, "created").getString("actor")).isEqualTo("admin");
        assertThat(items.stream().map(i -> (JsonObject) i).filter(i -> "process".equals(i.getString("kind")))
                .map(i -> i.getString("step"))).contains("Contact created", "Done");
    }

    @Test
    void timelinePagesWithoutRepeatsOrGaps() {
        // a deal: no process reacts to it, so its timeline holds still while it is paged
        String id = admin.post("/api/v1/records/deal", new JsonObject().put("values", new JsonObject()
                .put("title", "Pager").put("stage", "new"))).json().getString("id");
        String path = "/api/v1/records/deal/" + id;
        for (int i = 0; i < 6; i++) {
            int version = admin.get(path).json().getInteger("version");
            // two fields per change: entries sharing one millisecond must not split badly across pages
            assertThat(admin.patch(path, new JsonObject().put("version", version).put("values", new JsonObject()
                    .put("title", "Pager " + i).put("amount", 100 + i))).status()).isEqualTo(200);
            assertThat(admin.post(path + "/comments", new JsonObject().put("text", "note " + i)).status()).isEqualTo(201);
        }
        List<String> whole = ids(admin.get(path + "/timeline?limit=200").json().getJsonArray("items"));
        assertThat(whole).hasSize(6 * 3 + 1);
        for (int limit : new int[] {1, 3, 4}) {
            List<String> paged = new ArrayList<>();
            String next = null;
            do {
                JsonObject page = admin.get(path + "/timeline?limit=" + limit + (next == null ? "" : "&before=" + next)).json();
                assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(limit);
                paged.addAll(ids(page.getJsonArray("items")));
                next = page.getString("next");
            } while (next != null);
            assertThat(paged).as("pages of %d", limit).isEqualTo(whole);
        }
        assertProblem(admin.get(path + "/timeline?before=not-a-cursor"), 400, "before", "cursor");
    }

    @Test
    void restoreSetsOldValueAndIsItselfRecorded() {
        String id = admin.post("/api/v1/records/contact", contact("Restore", "nina")).json().getString("id");
        String path = "/api/v1/records/contact/" + id;
        assertThat(admin.patch(path, change(1, "phone", "+79120000002")).status()).isEqualTo(200);
        long entryId = first(admin.get(path + "/timeline").json().getJsonArray("items"), "changed").getLong("entryId");

        assertProblem(admin.post(path + "/history/" + entryId + "/restore", new JsonObject().put("version", 1)), 409, null, null);
        ApiClient.Response restored = nina.post(path + "/history/" + entryId + "/restore", new JsonObject().put("version", 2));
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().getJsonObject("values").getString("phone")).isEqualTo("+79123456789");
        assertThat(restored.json().getInteger("version")).isEqualTo(3);
        // the newest change (the lead-intake process may add its steps meanwhile)
        JsonObject latest = first(admin.get(path + "/timeline").json().getJsonArray("items"), "changed");
        assertThat(latest.getString("actor")).isEqualTo("nina");
        assertThat(latest.getString("oldValue")).isEqualTo("+79120000002");
        assertThat(latest.getString("newValue")).isEqualTo("+79123456789");
        assertThat(admin.get(path + "/history").array().getJsonObject(admin.get(path + "/history").array().size() - 1)
                .getString("newValue")).isEqualTo("+79123456789");

        String other = admin.post("/api/v1/records/contact", contact("Other", null)).json().getString("id");
        assertProblem(admin.post("/api/v1/records/contact/" + other + "/history/" + entryId + "/restore",
                new JsonObject().put("version", 1)), 404, null, null);
        assertProblem(admin.post(path + "/history/nine/restore", new JsonObject().put("version", 3)), 404, null, null);
        assertProblem(admin.post(path + "/history/" + entryId + "/restore", new JsonObject()), 400, "version", "required");
    }

    @Test
    void restoringAFieldTheEntityNoLongerHasAnswers422() {
        JsonObject gadget = new JsonObject().put("label", "Gadget").put("labelPlural", "Gadgets")
                .put("titleFields", new JsonArray().add("name")).put("fields", new JsonArray()
                        .add(new JsonObject().put("name", "name").put("label", "Name").put("type", "text"))
                        .add(new JsonObject().put("name", "colour").put("label", "Colour").put("type", "text")));
        assertThat(admin.send("PUT", "/api/v1/entities/gadget", gadget.encode()).status()).isEqualTo(200);
        String path = "/api/v1/records/gadget/" + admin.post("/api/v1/records/gadget", new JsonObject().put("values",
                new JsonObject().put("name", "Kettle").put("colour", "red"))).json().getString("id");
        assertThat(admin.patch(path, change(1, "colour", "blue")).status()).isEqualTo(200);
        long entryId = first(admin.get(path + "/timeline").json().getJsonArray("items"), "changed").getLong("entryId");
        gadget.getJsonArray("fields").remove(1);
        ApiClient.Response retired = admin.send("PUT", "/api/v1/entities/gadget?confirm=true", gadget.encode());
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        assertProblem(admin.post(path + "/history/" + entryId + "/restore", new JsonObject().put("version", 2)),
                422, "field", "exists");
    }

    @Test
    void commentMentionsNotifyTheMentionedUserLive() {
        String id = admin.post("/api/v1/records/contact", contact("Mention", null)).json().getString("id");
        String path = "/api/v1/records/contact/" + id;
        HttpClient http = HttpClient.newHttpClient();
        LiveListener ninaHears = LiveListener.open(http, server.server().baseUrl(), nina.token());
        LiveListener pavelHears = LiveListener.open(http, server.server().baseUrl(), pavel.token());

        ApiClient.Response comment = admin.post(path + "/comments",
                new JsonObject().put("text", "@nina please call; ask ivan@example.com and @nobody."));
        assertThat(comment.status()).as(comment.body()).isEqualTo(201);
        assertThat(comment.json().getString("kind")).isEqualTo("comment");
        assertThat(comment.json().getJsonArray("mentions")).containsExactly("nina");
        String commentId = comment.json().getString("commentId");

        await().atMost(Duration.ofSeconds(10)).until(() -> ninaHears.notices().stream()
                .anyMatch(n -> "mention".equals(n.getString("kind")) && commentId.equals(n.getString("commentId"))));
        JsonObject notice = ninaHears.notices().stream().filter(n -> "mention".equals(n.getString("kind"))).findFirst().orElseThrow();
        assertThat(notice.getString("recordId")).isEqualTo(id);
        assertThat(notice.getString("by")).isEqualTo("admin");
        // pavel may read the (unassigned) contact: his open card hears that its timeline changed, not the mention
        await().atMost(Duration.ofSeconds(10)).until(() -> pavelHears.notices().stream()
                .anyMatch(n -> "timeline".equals(n.getString("kind")) && id.equals(n.getString("recordId"))));
        assertThat(pavelHears.notices()).noneMatch(n -> "mention".equals(n.getString("kind")));

        assertThat(nina.get(path + "/timeline").json().getJsonArray("items").getJsonObject(0).getString("text"))
                .isEqualTo("@nina please call; ask ivan@example.com and @nobody.");
        assertProblem(admin.post(path + "/comments", new JsonObject().put("text", "   ")), 400, "text", "required");
        assertProblem(admin.post(path + "/comments", new JsonObject()), 400, "text", "required");
        assertProblem(admin.post(path + "/comments", new JsonObject().put("text", "x".repeat(4001))), 400, "text", "maxLength");
    }

    @Test
    void aCommentOnATaskLandsOnItsRecordsTimelineWithAuthorAndTask() {
        String id = admin.post("/api/v1/records/contact", Leads.hotLead("TaskComment")).json().getString("id");
        String path = "/api/v1/records/contact/" + id;
        String taskId = Leads.awaitTask(admin, id).getString("id");
        LiveListener pavelHears = LiveListener.open(HttpClient.newHttpClient(), server.server().baseUrl(), pavel.token());

        ApiClient.Response commented = pavel.post("/api/v1/tasks/" + taskId + "/comments",
                new JsonObject().put("text", "Called, will call back on Monday"));
        assertThat(commented.status()).as(commented.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> pavelHears.notices().stream()
                .anyMatch(n -> "timeline".equals(n.getString("kind")) && id.equals(n.getString("recordId"))));
        JsonArray items = admin.get(path + "/timeline").json().getJsonArray("items");
        JsonObject comment = first(items, "comment");
        assertThat(comment.getString("text")).isEqualTo("Called, will call back on Monday");
        assertThat(comment.getString("actor")).isEqualTo("pavel");
        assertThat(comment.getString("actorName")).isNotBlank();
        assertThat(comment.getString("task")).isEqualTo("Call the lead");
        assertThat(comment.getString("taskId")).isEqualTo(taskId);
        assertThat(comment.getString("commentId")).isEqualTo(commented.json().getString("id"));
        // Still the task's own comment too, and shown once on the card.
        assertThat(pavel.get("/api/v1/tasks/" + taskId + "/comments").array()).hasSize(1);
        assertThat(items.stream().filter(i -> "comment".equals(((JsonObject) i).getString("kind")))).hasSize(1);
    }

    @Test
    void commentsAndRemindersKeepAnyUnicodeText() {
        String path = "/api/v1/records/contact/" + admin.post("/api/v1/records/contact", contact("Юникод", null))
                .json().getString("id");
        String text = "Перезвонить Ивану 🙂, «срочно» — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢";
        assertThat(admin.post(path + "/comments", new JsonObject().put("text", text)).json().getString("text")).isEqualTo(text);
        assertThat(admin.post(path + "/reminders", new JsonObject().put("text", text)
                .put("at", Instant.now().plusSeconds(3600).toString())).status()).isEqualTo(201);
        JsonArray items = admin.get(path + "/timeline").json().getJsonArray("items");
        assertThat(first(items, "comment").getString("text")).isEqualTo(text);
        assertThat(first(items, "reminder").getString("text")).isEqualTo(text);
    }

    @Test
    void aManagerCannotReadTheTimelineOrCommentOnARecordTheyMayNotRead() {
        String id = admin.post("/api/v1/records/contact", contact("Pavels", "pavel")).json().getString("id");
        String path = "/api/v1/records/contact/" + id;
        assertThat(admin.patch(path, change(1, "phone", "+79120000003")).status()).isEqualTo(200);
        long entryId = first(admin.get(path + "/timeline").json().getJsonArray("items"), "changed").getLong("entryId");
        assertThat(pavel.get(path + "/timeline").status()).isEqualTo(200);

        assertProblem(nina.get(path + "/timeline"), 404, null, null);
        assertProblem(nina.post(path + "/comments", new JsonObject().put("text", "sneaky")), 404, null, null);
        assertProblem(nina.post(path + "/reminders", new JsonObject().put("at", Instant.now().toString())
                .put("text", "sneaky")), 404, null, null);
        assertProblem(nina.post(path + "/history/" + entryId + "/restore", new JsonObject().put("version", 2)), 404, null, null);
        assertThat(admin.get(path + "/timeline").json().getJsonArray("items").stream()
                .filter(i -> "comment".equals(((JsonObject) i).getString("kind")))).isEmpty();
    }

    static JsonObject contact(String lastName, String responsible) {
        return new JsonObject().put("values", new JsonObject().put("first_name", "Anna").put("last_name", lastName)
                .put("phone", "+79123456789").put("responsible_manager", responsible));
    }

    static JsonObject change(int version, String field, Object value) {
        return new JsonObject().put("version", version).put("values", new JsonObject().put(field, value));
    }

    static JsonObject first(JsonArray items, String kind) {
        return items.stream().map(i -> (JsonObject) i).filter(i -> kind.equals(i.getString("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + items.encodePrettily()));
    }

    private static List<String> kinds(JsonArray items) {
        return items.stream().map(i -> ((JsonObject) i).getString("kind")).collect(Collectors.toList());
    }

    private static List<String> ids(JsonArray items) {
        return items.stream().map(i -> ((JsonObject) i).getString("id")).collect(Collectors.toList());
    }

    private static void assertNewestFirst(JsonArray items) {
        for (int i = 1; i < items.size(); i++) {
            assertThat(Instant.parse(items.getJsonObject(i - 1).getString("at")))
                    .isAfterOrEqualTo(Instant.parse(items.getJsonObject(i).getString("at")));
        }
    }
}
