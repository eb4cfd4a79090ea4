package io.voronka.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.auth.UserStore;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.kernel.storage.Database;
import io.voronka.plugin.OutgoingEmail;
import io.voronka.plugin.PluginHost;
import io.voronka.testing.ApiClient;
import io.voronka.testing.LiveListener;
import io.voronka.testing.Ports;
import io.voronka.testing.MailingNode;
import io.voronka.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reminders on a node that can send email: each fired reminder mails its user once (real SMTP,
 * GreenMail), with a Message-ID derived from the reminder; a user without an address gets the
 * console notice only; an email a dying node owed is sent by the next sweep; a refused connection
 * is tried again; two senders racing send one email.
 */
class ReminderMailTest {

    @RegisterExtension
    static final MailingNode node = MailingNode.sendingAs("crm@voronka.test", "nina", "oleg");

    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient nina;

    @BeforeAll
    static void signIn() {
        server = node.server();
        admin = node.admin();
        nina = node.manager("nina");
        String ninaId = admin.get("/api/v1/users").array().stream().map(u -> (JsonObject) u)
                .filter(u -> "nina".equals(u.getString("username"))).findFirst().orElseThrow().getString("id");
        assertThat(admin.patch("/api/v1/users/" + ninaId, new JsonObject().put("email", "nina@example.com")).status())
                .isEqualTo(200);
    }

    @Test
    void aFiredReminderMailsItsUserOnceBesidesTheLiveNotice() throws Exception {
        String record = contact();
        LiveListener ninaHears = LiveListener.open(HttpClient.newHttpClient(), server.server().baseUrl(), nina.token());
        String id = remind(record, "nina", Instant.now().plusSeconds(1), "Call Anna about the quote\nShe asked for a discount");

        MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(() -> mailFor(id), m -> m != null);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("nina@example.com");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("crm@voronka.test");
        assertThat(mail.getSubject()).contains("Call Anna about the quote").doesNotContain("discount");
        assertThat(mail.getContent().toString()).contains("She asked for a discount").contains(record);
        await().atMost(Duration.ofSeconds(15)).until(() -> ninaHears.notices().stream()
                .anyMatch(n -> "reminder".equals(n.getString("kind")) && id.equals(n.getString("reminderId"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(state(id)));

        Thread.sleep(5000); // two more sweeps: a second email would arrive now
        assertThat(mailsFor(id)).hasSize(1);
    }

    @Test
    void aUserWithoutAnAddressGetsTheConsoleNoticeOnly() throws Exception {
        ApiClient oleg = node.manager("oleg");
        LiveListener olegHears = LiveListener.open(HttpClient.newHttpClient(), server.server().baseUrl(), oleg.token());
        String id = remind(contact(), "oleg", Instant.now().plusSeconds(1), "Send the contract");
        await().atMost(Duration.ofSeconds(15)).until(() -> olegHears.notices().stream()
                .anyMatch(n -> "reminder".equals(n.getString("kind")) && id.equals(n.getString("reminderId"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> "none".equals(state(id)));
        assertThat(mailsFor(id)).isEmpty();
    }

    @Test
    void anEmailOwedByANodeThatDiedIsSentOnceByTheNextSweep() throws Exception {
        String record = contact();
        // Two reminders a dying node fired: one it had not leased yet, one whose send it began before dying.
        String unleased = remind(record, "nina", Instant.now().plus(Duration.ofHours(1)), "Unleased");
        String leased = remind(record, "nina", Instant.now().plus(Duration.ofHours(1)), "Leased");
        LocalDateTime past = LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        Database database = server.server().database();
        database.withConnection(c -> DSL.using(c, database.dialect()).update(Reminders.REMINDER)
                .set(Reminders.FIRED, past).set(Reminders.FIRED_BY, "dead-node")
                .set(ReminderMail.STATE, "due").set(ReminderMail.NEXT, past)
                .set(ReminderMail.ATTEMPTS, DSL.when(Reminders.ID.eq(leased), 1).otherwise(0))
                .where(Reminders.ID.in(unleased, leased)).execute());

        await().atMost(Duration.ofSeconds(20)).until(() -> mailFor(unleased) != null && mailFor(leased) != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(state(unleased)) && "sent".equals(state(leased)));
        Thread.sleep(4000);
        assertThat(mailsFor(unleased)).hasSize(1);
        assertThat(mailsFor(leased)).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsTriedAgainAndTheResendCarriesTheSameMessageId() throws Exception {
        String id = remind(contact(), "nina", Instant.now().plus(Duration.ofHours(1)), "Retry me");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        // Backoff of a day: the node's own sweeper (real clock) leaves the retry to the sender below.
        RetryPolicy slow = new RetryPolicy(3, Duration.ofDays(1), Duration.ofDays(1));
        ReminderMail down = mail(Ports.freePort(), later, slow);
        new ReminderSweep(server.server().database(), "sweeper-down", later, notice -> { }, down).sweep();
        assertThat(state(id)).as("a refused connection leaves the email due").isEqualTo("due");
        assertThat(error(id)).isNotBlank();
        assertThat(mailsFor(id)).isEmpty();

        ReminderMail up = mail(node.smtpPort(), Clock.offset(Clock.systemUTC(), Duration.ofDays(3)), slow);
        assertThat(up.send()).isGreaterThanOrEqualTo(1);
        assertThat(state(id)).isEqualTo("sent");
        assertThat(mailsFor(id)).hasSize(1);
    }

    @Test
    void twoSendersRacingForTheSameEmailSendItOnce() throws Exception {
        String record = contact();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(remind(record, "nina", Instant.now().plus(Duration.ofHours(1)), "Race " + i));
        }
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        RetryPolicy slow = new RetryPolicy(3, Duration.ofDays(1), Duration.ofDays(1));
        new ReminderSweep(server.server().database(), "sweeper-down", later, notice -> { }, mail(Ports.freePort(), later, slow))
                .sweep();
        Clock muchLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(3));
        ReminderMail first = mail(node.smtpPort(), muchLater, slow);
        ReminderMail second = mail(node.smtpPort(), muchLater, slow);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> sent = List.of(threads.submit(() -> { go.await(); return first.send(); }),
                    threads.submit(() -> { go.await(); return second.send(); }));
            go.countDown();
            sent.get(0).get();
            sent.get(1).get();
        } finally {
            threads.shutdown();
        }
        for (String id : ids) {
            assertThat(mailsFor(id)).as(id).hasSize(1);
            assertThat(state(id)).isEqualTo("sent");
        }
    }

    private static ReminderMail mail(int port, Clock clock, RetryPolicy retries) {
        PluginHost host = new PluginHost(Map.of("email.smtp.host", "127.0.0.1", "email.smtp.port", String.valueOf(port),
                "email.smtp.starttls", "DISABLED", "email.smtp.timeoutSeconds", "5"))
                .discover(ReminderMailTest.class.getClassLoader());
        return new ReminderMail(server.server().database(), new OutgoingEmail(host, server.server().vertx()),
                new UserStore(server.server().database().dialect()), clock, retries, Duration.ofMinutes(1));
    }

    /** The Message-ID the email plugin derives for a send keyed {@code reminder:<id>}. */
    static String messageId(String reminderId) throws Exception {
        String key = "reminder:" + reminderId;
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest((key + ":email:" + key + ":0").getBytes(StandardCharsets.UTF_8));
        return "<" + HexFormat.of().formatHex(hash) + "@voronka>";
    }

    private static List<MimeMessage> mailsFor(String reminderId) throws Exception {
        return node.mailsWithId(messageId(reminderId));
    }

    private static MimeMessage mailFor(String reminderId) throws Exception {
        List<MimeMessage> mails = mailsFor(reminderId);
        return mails.isEmpty() ? null : mails.getFirst();
    }

    private static String state(String id) {
        return column(id, ReminderMail.STATE);
    }

    private static String error(String id) {
        return column(id, ReminderMail.ERROR);
    }

    private static String column(String id, org.jooq.Field<String> field) {
        Database database = server.server().database();
        return database.withConnection(c -> DSL.using(c, database.dialect()).select(field).from(Reminders.REMINDER)
                .where(Reminders.ID.eq(id)).fetchOne(field));
    }

    private static String remind(String record, String user, Instant at, String text) {
        ApiClient.Response set = admin.post("/api/v1/records/contact/" + record + "/reminders",
                new JsonObject().put("at", at.toString()).put("text", text).put("user", user));
        assertThat(set.status()).as(set.body()).isEqualTo(201);
        return set.json().getString("id");
    }

    private static String contact() {
        ApiClient.Response created = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Mail").put("last_name", "Reminder")));
        assertThat(created.status()).isEqualTo(201);
        return created.json().getString("id");
    }

}
