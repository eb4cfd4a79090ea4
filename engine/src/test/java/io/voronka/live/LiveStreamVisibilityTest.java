package io.voronka.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.voronka.auth.AuthService;
import io.voronka.kernel.access.RecordVisibility;
import io.voronka.kernel.config.AuthSettings;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.event.EventDispatcher;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.LiveListener;
import io.voronka.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live notices reach a console only about what its user may see: record changes through the
 * outbox, the live-updates consumer and the event bus to each signed-in stream, filtered by
 * {@link RecordVisibility}; task notices only to admins, the assignee and, while unassigned, the pool.
 */
class LiveStreamVisibilityTest {

    private final TestDatabase testDatabase = TestDatabase.create();
    private Database database;
    private Vertx vertx;
    private HttpServer http;
    private LiveStreams live;
    private AuthService auth;
    private Outbox outbox;
    private EventDispatcher dispatcher;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        database = Database.open(ConfigLoader.fromMap(testDatabase.config()), new SimpleMeterRegistry());
        database.migrate(new io.voronka.record.RecordCapability().migrations()); // search terms are written with every record
        auth = new AuthService(database, AuthSettings.defaults());
        auth.ensureAdmin("first-user-test-secret");
        auth.createUser("nina", "Nina", "Manager-pass-123", Set.of("manager"));
        // Managers may not see records whose id starts with "secret-"; admins see everything.
        RecordVisibility visibility = (actor, entity, id) -> actor.isAdmin() || !id.startsWith("secret-");

        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        Api api = new Api(vertx, router, auth, new SimpleMeterRegistry());
        live = new LiveStreams(vertx, auth, visibility, Duration.ofMillis(300));
        live.start().await();
        live.register(api);
        http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();

        outbox = new Outbox(database.dialect(), List.of(LiveUpdates.CONSUMER));
        dispatcher = new EventDispatcher(database, outbox, List.of(new LiveUpdates(vertx)),
                new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(50)), 1);
    }

    @AfterEach
    void stop() {
        live.close();
        http.close().await();
        vertx.close().await();
        database.close();
        testDatabase.close();
    }

    @Test
    void managerHearsOfRecordsTheyMaySeeAndNothingOfTheOthersWhileAdminHearsOfAll() throws Exception {
        LiveListener admin = listen(token("admin", "first-user-test-secret"));
        LiveListener nina = listen(token("nina", "Manager-pass-123"));

        change("secret-1");
        change("open-1");
        dispatcher.dispatchPending();

        await().atMost(Duration.ofSeconds(10)).until(() -> admin.notices().size() == 2 && nina.notices().size() == 1);
        Thread.sleep(500); // anything still on its way for nina would arrive by now
        assertThat(nina.notices()).extracting(n -> n.getString("recordId")).containsExactly("open-1");
        assertThat(admin.notices()).extracting(n -> n.getString("recordId")).containsExactlyInAnyOrder("secret-1", "open-1");
        JsonObject notice = nina.notices().getFirst();
        assertThat(notice.getString("kind")).isEqualTo("record");
        assertThat(notice.getString("entity")).isEqualTo("contact");
        assertThat(notice.getString("type")).isEqualTo("updated");
        assertThat(notice.getJsonArray("changed").getList()).containsExactly("first_name");
        assertThat(notice.getInteger("version")).isEqualTo(2);
        assertThat(notice.getString("origin")).isEqualTo("api");
        assertThat(notice.containsKey("values")).as("a notice carries no field values").isFalse();
    }

    @Test
    void taskNoticesReachTheAssigneeThePoolAndAdminsButNotOtherManagers() throws Exception {
        LiveListener admin = listen(token("admin", "first-user-test-secret"));
        LiveListener nina = listen(token("nina", "Manager-pass-123"));

        vertx.eventBus().publish(LiveNotice.ADDRESS, LiveNotice.task("assigned", "t-olga", "olga", "contact", "open-2"));
        vertx.eventBus().publish(LiveNotice.ADDRESS, LiveNotice.task("created", "t-pool", null, "contact", "open-3"));
        vertx.eventBus().publish(LiveNotice.ADDRESS, LiveNotice.task("created", "t-secret", null, "contact", "secret-2"));
        vertx.eventBus().publish(LiveNotice.ADDRESS, LiveNotice.task("assigned", "t-nina", "nina", "contact", "open-4"));

        await().atMost(Duration.ofSeconds(10)).until(() -> admin.notices().size() == 4 && nina.notices().size() == 2);
        Thread.sleep(500);
        assertThat(nina.notices()).extracting(n -> n.getString("taskId")).containsExactlyInAnyOrder("t-pool", "t-nina");
    }

    @Test
    void streamEndsOnceItsSessionIsSignedOut() {
        String token = token("nina", "Manager-pass-123");
        LiveListener nina = listen(token);
        auth.logout(token);
        await().atMost(Duration.ofSeconds(10)).until(nina::ended);
        await().atMost(Duration.ofSeconds(5)).until(() -> live.open() == 0);
    }

    @Test
    void streamNeedsASignedInUser() throws Exception {
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(uri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(uri()).header("Authorization", "Bearer nope").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    private void change(String recordId) {
        database.inTransaction(c -> {
            outbox.publish(c, RecordEvent.Type.UPDATED, "contact", recordId, 2, "olga", List.of("first_name"), Origin.API);
            return null;
        });
    }

    private String token(String username, String password) {
        return auth.login(username, password, new AuthService.Client("127.0.0.1", "test")).token();
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + http.actualPort() + "/api/v1/live");
    }

    private LiveListener listen(String token) {
        return LiveListener.open(client, "http://127.0.0.1:" + http.actualPort(), token);
    }
}
