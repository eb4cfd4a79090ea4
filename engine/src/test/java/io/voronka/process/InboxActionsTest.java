package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inbox as managers and admins use it: views, claim and pool, delegate, reassign, assignment strategies. */
class InboxActionsTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = node.server();
        admin = node.admin();
        deploy(InboxProcesses.userTask("pool-call", InboxProcesses.manualContact(),
                "flowable:candidateGroups=\"manager\" flowable:dueDate=\"P1D\" flowable:priority=\"70\"", ""));
        deploy(InboxProcesses.userTask("late-call", InboxProcesses.manualContact(),
                "flowable:candidateGroups=\"manager\" flowable:dueDate=\"2020-01-01T00:00:00Z\"", ""));
        deploy(InboxProcesses.userTask("fair-call", InboxProcesses.manualContact(),
                "flowable:candidateGroups=\"fair\"",
                "<flowable:taskListener event=\"create\" delegateExpression=\"${leastLoaded}\"/>"));
    }

    static void deploy(String xml) {
        InboxProcesses.deploy(admin, xml);
    }

    static String contact(String lastName) {
        JsonObject values = new JsonObject().put("first_name", "Anna").put("last_name", lastName).put("phone", "+7 912 000-11-22");
        ApiClient.Response r = admin.post("/api/v1/records/contact", new JsonObject().put("values", values));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getString("id");
    }

    static JsonObject startAndAwait(String key, String contactId) {
        ApiClient.Response started = admin.post("/api/v1/records/contact/" + contactId + "/processes", new JsonObject().put("key", key));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return await().atMost(Duration.ofSeconds(10)).until(() -> task(admin, "view=all&processKey=" + key + "&recordId=" + contactId),
                t -> t != null);
    }

    static JsonObject task(ApiClient client, String query) {
        JsonArray tasks = client.get("/api/v1/tasks?" + query).array();
        return tasks.isEmpty() ? null : tasks.getJsonObject(0);
    }

    static List<String> ids(ApiClient client, String query) {
        return client.get("/api/v1/tasks?" + query).array().stream().map(t -> ((JsonObject) t).getString("id")).toList();
    }

    @Test
    void poolTaskIsClaimedAndGivenBackAndShowsDueDatePriorityAndPhone() {
        Leads.addManager(admin, "pia");
        Leads.addManager(admin, "pol");
        ApiClient pia = server.anonymous().signIn("pia", "Manager-pass-123");
        ApiClient pol = server.anonymous().signIn("pol", "Manager-pass-123");
        String contactId = contact("Poolova");
        JsonObject task = startAndAwait("pool-call", contactId);
        String id = task.getString("id");
        assertThat(task.getString("assignee")).isNull();
        assertThat(task.getJsonArray("candidateGroups")).containsExactly("manager");
        assertThat(task.getInteger("priority")).isEqualTo(70);
        assertThat(task.getString("dueDate")).isNotNull();
        assertThat(task.getBoolean("overdue")).isFalse();
        assertThat(task.getString("recordTitle")).isEqualTo("Poolova Anna");
        assertThat(task.getString("phone")).isEqualTo("+79120001122");
        assertThat(task.getString("call")).isEqualTo("tel:+79120001122");

        assertThat(ids(pia, "view=pool")).contains(id);
        assertThat(ids(pia, "view=mine")).doesNotContain(id);
        assertThat(pia.post("/api/v1/tasks/" + id + "/claim", null).json().getString("assignee")).isEqualTo("pia");
        assertThat(ids(pia, "view=mine")).contains(id);
        assertThat(ids(pia, "view=groups")).contains(id);
        assertThat(ids(pol, "view=pool")).doesNotContain(id);
        assertThat(ids(pol, "view=groups")).doesNotContain(id);
        assertThat(pol.post("/api/v1/tasks/" + id + "/unclaim", null).status()).isEqualTo(404);

        ApiClient.Response back = pia.post("/api/v1/tasks/" + id + "/unclaim", null);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().getString("assignee")).isNull();
        assertThat(ids(pol, "view=pool")).contains(id);
        assertThat(pol.post("/api/v1/tasks/" + id + "/claim", null).json().getString("assignee")).isEqualTo("pol");
        assertThat(pia.post("/api/v1/tasks/" + id + "/claim", null).status()).isEqualTo(404);
    }

    @Test
    void delegatedTaskGoesToTheDelegateAndComesBackResolved() {
        Leads.addManager(admin, "dina");
        Leads.addManager(admin, "dmitri");
        ApiClient dina = server.anonymous().signIn("dina", "Manager-pass-123");
        ApiClient dmitri = server.anonymous().signIn("dmitri", "Manager-pass-123");
        String id = startAndAwait("pool-call", contact("Delegova")).getString("id");
        dina.post("/api/v1/tasks/" + id + "/claim", null);

        assertThat(dmitri.post("/api/v1/tasks/" + id + "/delegate", new JsonObject().put("user", "dina")).status()).isEqualTo(404);
        ApiClient.Response delegated = dina.post("/api/v1/tasks/" + id + "/delegate", new JsonObject().put("user", "dmitri"));
        assertThat(delegated.status()).as(delegated.body()).isEqualTo(200);
        assertThat(delegated.json().getString("assignee")).isEqualTo("dmitri");
        assertThat(delegated.json().getString("owner")).isEqualTo("dina");
        assertThat(delegated.json().getString("delegation")).isEqualTo("pending");
        assertThat(ids(dmitri, "view=mine")).contains(id);
        assertThat(ids(dina, "view=mine")).contains(id);
        ApiClient.Response early = dmitri.post("/api/v1/tasks/" + id + "/complete", new JsonObject());
        assertThat(early.status()).as(early.body()).isEqualTo(409);

        ApiClient.Response resolved = dmitri.post("/api/v1/tasks/" + id + "/resolve", new JsonObject().put("comment", "Called, no answer"));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().getString("assignee")).isEqualTo("dina");
        assertThat(resolved.json().getString("delegation")).isEqualTo("resolved");
        JsonArray comments = dina.get("/api/v1/tasks/" + id + "/comments").array();
        assertThat(comments.getJsonObject(0).getString("author")).isEqualTo("dmitri");
        assertThat(comments.getJsonObject(0).getString("text")).isEqualTo("Called, no answer");
        assertThat(dina.post("/api/v1/tasks/" + id + "/complete", new JsonObject()).status()).isEqualTo(204);
    }

    @Test
    void onlyAdminsAndTheAssigneesTeamHeadReassign() {
        Leads.addManager(admin, "rita");
        Leads.addManager(admin, "roman");
        Leads.addManager(admin, "ruslan");
        ApiClient.Response team = admin.post("/api/v1/teams", new JsonObject().put("name", "Reassigners").put("head", "ruslan"));
        assertThat(team.status()).as(team.body()).isEqualTo(201);
        admin.send("PUT", "/api/v1/teams/" + team.json().getString("id") + "/members/rita", null);
        admin.send("PUT", "/api/v1/teams/" + team.json().getString("id") + "/members/roman", null);
        Leads.addManager(admin, "rafael"); // in no team of ruslan's
        ApiClient rita = server.anonymous().signIn("rita", "Manager-pass-123");
        ApiClient roman = server.anonymous().signIn("roman", "Manager-pass-123");
        ApiClient ruslan = server.anonymous().signIn("ruslan", "Manager-pass-123");
        String id = startAndAwait("pool-call", contact("Reassignova")).getString("id");
        rita.post("/api/v1/tasks/" + id + "/claim", null);

        ApiClient.Response byManager = rita.post("/api/v1/tasks/" + id + "/reassign", new JsonObject().put("user", "roman"));
        assertThat(byManager.status()).as(byManager.body()).isEqualTo(403);
        assertThat(roman.post("/api/v1/tasks/" + id + "/reassign", new JsonObject().put("user", "roman")).status()).isEqualTo(404);
        assertThat(ruslan.post("/api/v1/tasks/" + id + "/reassign", new JsonObject().put("user", "rafael")).status())
                .isEqualTo(403);
        ApiClient.Response byHead = ruslan.post("/api/v1/tasks/" + id + "/reassign", new JsonObject().put("user", "roman"));
        assertThat(byHead.status()).as(byHead.body()).isEqualTo(200);
        assertThat(byHead.json().getString("assignee")).isEqualTo("roman");
        assertThat(ids(roman, "view=mine")).contains(id);
        ApiClient.Response nobody = admin.post("/api/v1/tasks/" + id + "/reassign", new JsonObject().put("user", "nobody-here"));
        assertThat(nobody.status()).isEqualTo(422);
        assertThat(admin.post("/api/v1/tasks/" + id + "/reassign", new JsonObject().put("user", "rita")).json()
                .getString("assignee")).isEqualTo("rita");
    }

    @Test
    void overdueViewShowsOnlyTasksPastTheirDueDate() {
        Leads.addManager(admin, "olya");
        ApiClient olya = server.anonymous().signIn("olya", "Manager-pass-123");
        String late = startAndAwait("late-call", contact("Pozdnova")).getString("id");
        String onTime = startAndAwait("pool-call", contact("Vovremya")).getString("id");
        List<String> overdue = ids(olya, "view=overdue");
        assertThat(overdue).contains(late).doesNotContain(onTime);
        assertThat(task(olya, "view=overdue&processKey=late-call").getBoolean("overdue")).isTrue();
        assertThat(olya.get("/api/v1/tasks?view=someday").status()).isEqualTo(400);
    }

    @Test
    void aDueDateRelativeToARecordFieldIsSetFromTheRecord() {
        deploy(InboxProcesses.userTask("before-birthday", InboxProcesses.manualContact(),
                "flowable:candidateGroups=\"manager\" flowable:dueDate=\"${addDays(birth_date, -30)}\"", ""));
        String id = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Bday").put("last_name", "Rozhdenova").put("birth_date", "2030-06-15"))).json().getString("id");
        String due = startAndAwait("before-birthday", id).getString("dueDate");
        java.time.LocalDate local = java.time.Instant.parse(due).atZone(java.time.ZoneId.systemDefault()).toLocalDate();
        assertThat(local).isEqualTo(java.time.LocalDate.of(2030, 5, 16));
    }

    @Test
    void aTaskDueSoonIsRemindedOnceAcrossNodes() {
        deploy(InboxProcesses.userTask("soon-call", InboxProcesses.manualContact(),
                "flowable:candidateGroups=\"manager\" flowable:dueDate=\"PT10M\"", ""));
        String id = startAndAwait("soon-call", contact("Skorova")).getString("id");
        var engine = server.server().processEngine();
        TaskReminders one = new TaskReminders(engine.getTaskService(), server.server().database(), server.server().vertx(),
                java.time.Clock.systemUTC());
        TaskReminders other = new TaskReminders(engine.getTaskService(), server.server().database(), server.server().vertx(),
                java.time.Clock.systemUTC());
        assertThat(one.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(other.sweep()).isZero();
        // twenty minutes on it is overdue: one more reminder, once
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(20));
        TaskReminders afterwards = new TaskReminders(engine.getTaskService(), server.server().database(), server.server().vertx(), later);
        assertThat(afterwards.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(afterwards.sweep()).isZero();
        assertThat(id).isNotNull();
    }

    @Test
    void leastLoadedPicksTheCandidateWithFewestOpenTasks() throws Exception {
        for (String name : List.of("lena", "lev")) {
            admin.post("/api/v1/users", new JsonObject().put("username", name).put("displayName", name)
                    .put("password", "Manager-pass-123").put("roles", new JsonArray().add("manager")));
        }
        // "fair" is a group of its own: only lena and lev are in it (users' roles name groups)
        try (var c = server.server().processEngine().getProcessEngineConfiguration().getDataSource().getConnection()) {
            var sql = org.jooq.impl.DSL.using(c, io.voronka.testing.TestDatabase.onMariaDb()
                    ? org.jooq.SQLDialect.MARIADB : org.jooq.SQLDialect.H2);
            var id = org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("id"), String.class);
            var username = org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("username"), String.class);
            for (String name : List.of("lena", "lev")) {
                sql.insertInto(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("user_role")),
                                org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("user_id"), String.class), org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("role"), String.class))
                        .select(sql.select(id, org.jooq.impl.DSL.inline("fair")).from(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("users")))
                                .where(username.eq(name)))
                        .execute();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        ApiClient lena = server.anonymous().signIn("lena", "Manager-pass-123");
        // lev already carries two tasks
        for (int i = 0; i < 2; i++) {
            String id = startAndAwait("pool-call", contact("Busy" + i)).getString("id");
            admin.post("/api/v1/tasks/" + id + "/reassign", new JsonObject().put("user", "lev"));
        }
        List<String> assignees = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assignees.add(startAndAwait("fair-call", contact("Fair" + i)).getString("assignee"));
        }
        // lena (0) gets the first and second; then both have two and the one waiting longer gets the third
        assertThat(assignees.subList(0, 2)).containsExactly("lena", "lena");
        assertThat(assignees.get(2)).isEqualTo("lev");
        assertThat(lena.get("/api/v1/tasks?view=mine&processKey=fair-call").array()).hasSize(2);
    }

    @Test
    void roundRobinMakesTheAssigneeResponsibleSoTheyReadTheContactUnderOwnScope() {
        ApiClient.Response scope = admin.send("PUT", "/api/v1/access/scopes/manager/contact",
                new JsonObject().put("read", new JsonArray().add("own")).put("write", new JsonArray().add("own")).encode());
        assertThat(scope.status()).as(scope.body()).isEqualTo(200);
        try {
            Leads.addManager(admin, "oksana");
            ApiClient oksana = server.anonymous().signIn("oksana", "Manager-pass-123");
            String contactId = admin.post("/api/v1/records/contact", Leads.hotLead("Ownova")).json().getString("id");
            JsonObject task = Leads.awaitTask(admin, contactId);
            String assignee = task.getString("assignee");
            assertThat(assignee).isNotNull();
            JsonObject contact = admin.get("/api/v1/records/contact/" + contactId).json();
            assertThat(contact.getJsonObject("values").getString("responsible_manager")).isEqualTo(assignee);
            ApiClient client = assignee.equals("oksana") ? oksana : server.anonymous().signIn(assignee, "Manager-pass-123");
            assertThat(client.get("/api/v1/records/contact/" + contactId).status()).isEqualTo(200);
            assertThat(ids(client, "view=mine")).contains(task.getString("id"));
            assertThat(task(client, "view=mine&recordId=" + contactId).getString("call")).isEqualTo("tel:+79123456789");
        } finally {
            admin.send("DELETE", "/api/v1/access/scopes/manager/contact", null);
        }
    }

    @Test
    void ruleAssignmentIsCheckedAtDeployAndPicksTheUserItNames() {
        Leads.addManager(admin, "ruth");
        ApiClient.Response refused = admin.send("POST", "/api/v1/process-definitions", InboxProcesses.userTask("bad-rule",
                InboxProcesses.manualContact(), "flowable:assignee=\"${no_such_field}\" flowable:candidateGroups=\"manager\"", ""),
                "application/xml");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("work");
        deploy(InboxProcesses.userTask("rule-call", InboxProcesses.manualContact(),
                "flowable:assignee=\"${budget != null &amp;&amp; budget > 100000 ? 'ruth' : 'admin'}\"", ""));
        String big = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Big").put("last_name", "Budget").put("budget", 200000))).json().getString("id");
        assertThat(startAndAwait("rule-call", big).getString("assignee")).isEqualTo("ruth");
        assertThat(startAndAwait("rule-call", contact("Small")).getString("assignee")).isEqualTo("admin");
    }

    @Test
    void manualStartNeedsAManualTriggerAndAReadableRecord() {
        String contactId = contact("Ruchnova");
        ApiClient.Response unknown = admin.post("/api/v1/records/contact/" + contactId + "/processes", new JsonObject().put("key", "lead-intake"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("key");
        assertThat(admin.post("/api/v1/records/contact/00000000-0000-0000-0000-000000000000/processes",
                new JsonObject().put("key", "pool-call")).status()).isEqualTo(404);
        ApiClient.Response started = admin.post("/api/v1/records/contact/" + contactId + "/processes", new JsonObject().put("key", "pool-call"));
        assertThat(started.status()).isEqualTo(201);
        JsonArray instances = admin.get("/api/v1/process-instances?recordId=" + contactId).array();
        assertThat(instances.stream().map(i -> ((JsonObject) i).getString("processKey")).collect(Collectors.toList())).contains("pool-call");
    }
}
