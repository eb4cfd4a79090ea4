package io.voronka.auth;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.config.AuthSettings;
import io.voronka.testing.ApiClient;
import io.voronka.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guessing passwords meets a temporary lock; passwords follow NIST; sessions are few, visible and revocable. */
class SignInHardeningTest {

    static final String GOOD = "river stone lantern";
    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "auth.lockout.failures", "3",
                "auth.address.failures", "12",
                "auth.lockout.duration", "2s",
                "auth.lockout.max", "3s",
                "auth.sessions.max", "2"));
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void addUser(String username, String password) {
        ApiClient.Response r = admin.post("/api/v1/users", new JsonObject().put("username", username).put("password", password)
                .put("roles", new JsonArray().add("manager")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static ApiClient.Response login(String username, String password) {
        return server.anonymous().post("/api/v1/auth/login", new JsonObject().put("username", username).put("password", password));
    }

    @Test
    void wrongPasswordsLockTheAccountForAWhileWith429AndRetryAfterThenLetTheOwnerIn() throws Exception {
        addUser("vera", GOOD);
        ApiClient signedIn = server.anonymous().signIn("vera", GOOD);
        for (int i = 0; i < 3; i++) {
            assertProblem(login("vera", "wrong guess " + i), 401, null, null);
        }
        ApiClient.Response locked = login("vera", GOOD);
        assertProblem(locked, 429, null, null);
        long retryAfter = Long.parseLong(server.anonymous().sendWithHeaders("POST", "/api/v1/auth/login",
                new JsonObject().put("username", "vera").put("password", GOOD).encode()).header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3L);
        assertThat(signedIn.get("/api/v1/auth/me").status()).as("a lock stops guessing, not the sessions already open").isEqualTo(200);

        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(login("vera", GOOD).status()).isEqualTo(200);
    }

    @Test
    void eachLockLastsTwiceAsLongUpToTheCeiling() {
        AuthSettings settings = new AuthSettings(Duration.ofHours(1), Duration.ofHours(1), 5, 5, 50, Duration.ofMinutes(15),
                Duration.ofMinutes(1), Duration.ofMinutes(30));
        SignInThrottle throttle = new SignInThrottle(null, settings, java.time.Clock.systemUTC());
        assertThat(List.of(throttle.lockDuration(1), throttle.lockDuration(2), throttle.lockDuration(3),
                throttle.lockDuration(6), throttle.lockDuration(60)))
                .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                        Duration.ofMinutes(30), Duration.ofMinutes(30));
    }

    @Test
    void oneAddressGuessingAcrossManyAccountsIsLimitedToo() throws Exception {
        // The budget of 12 is shared with the other tests of this class, all from 127.0.0.1.
        ApiClient.Full last = null;
        for (int i = 0; i < 14 && (last == null || last.status() == 401); i++) {
            last = server.anonymous().sendWithHeaders("POST", "/api/v1/auth/login",
                    new JsonObject().put("username", "nobody" + i).put("password", "some password " + i).encode());
        }
        assertThat(last.status()).as(last.body()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotBlank();
        Thread.sleep(Long.parseLong(last.header("Retry-After")) * 1000 + 200); // leave the address usable for the other tests
    }

    @Test
    void newPasswordsFollowNistRules() {
        assertProblem(newUser("olga", "password"), 422, "password", "common");
        assertProblem(newUser("olga", "        "), 422, "password", "repetitive");
        assertProblem(newUser("olga", "olga-loves-spring"), 422, "password", "username");
        assertProblem(newUser("olga", "short"), 422, "password", "length");
        String passphrase = "Жук в траве \uD83D\uDE00 and a very long phrase with spaces that goes past sixty-four characters";
        assertThat(newUser("olga", passphrase).status()).isEqualTo(201);
        assertThat(login("olga", passphrase).status()).isEqualTo(200);
    }

    private static ApiClient.Response newUser(String username, String password) {
        return admin.post("/api/v1/users", new JsonObject().put("username", username).put("password", password)
                .put("roles", new JsonArray().add("manager")));
    }

    @Test
    void aUserKeepsAFewSessionsSeesThemAndRevokesOne() throws Exception {
        addUser("pavel", GOOD);
        ApiClient first = server.anonymous().signIn("pavel", GOOD);
        ApiClient second = server.anonymous().signIn("pavel", GOOD);
        ApiClient third = server.anonymous().signIn("pavel", GOOD);
        assertProblem(first.get("/api/v1/auth/me"), 401, null, null);

        JsonArray sessions = third.get("/api/v1/auth/sessions").array();
        assertThat(sessions).hasSize(2);
        JsonObject current = sessions.stream().map(s -> (JsonObject) s).filter(s -> s.getBoolean("current")).findFirst().orElseThrow();
        JsonObject other = sessions.stream().map(s -> (JsonObject) s).filter(s -> !s.getBoolean("current")).findFirst().orElseThrow();
        assertThat(current.getString("address")).isEqualTo("127.0.0.1");
        assertThat(current.getString("expiresAt")).isNotBlank();
        assertThat(current.encode()).doesNotContain(third.token());

        assertProblem(admin.delete("/api/v1/auth/sessions/" + other.getString("id")), 404, null, null);
        assertThat(third.delete("/api/v1/auth/sessions/" + other.getString("id")).status()).isEqualTo(204);
        assertProblem(second.get("/api/v1/auth/me"), 401, null, null);
        assertProblem(third.delete("/api/v1/auth/sessions/" + other.getString("id")), 404, null, null);
        assertThat(third.get("/api/v1/auth/me").status()).isEqualTo(200);
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        addUser("nina", GOOD);
        String token = server.anonymous().signIn("nina", GOOD).token();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        List<String> stored = server.server().database().withConnection(c -> server.server().database().dsl(c)
                .select(DSL.field(DSL.name("token_hash"), String.class)).from(DSL.table(DSL.name("auth_token"))).fetch(0, String.class));
        assertThat(stored).contains(digest).doesNotContain(token);
    }

    @Test
    void tokensEndAfterTheIdleTimeoutAndTheLifetime() throws Exception {
        try (TestServer shortLived = TestServer.start(Map.of("auth.token.idle", "2s", "auth.token.lifetime", "4s"))) {
            ApiClient idle = shortLived.admin();
            ApiClient busy = shortLived.admin();
            assertThat(busy.get("/api/v1/auth/me").status()).isEqualTo(200);
            Thread.sleep(2500);
            assertProblem(idle.get("/api/v1/auth/me"), 401, null, null);
            ApiClient fresh = shortLived.admin();
            Thread.sleep(1500);
            assertThat(fresh.get("/api/v1/auth/me").status()).isEqualTo(200);
            Thread.sleep(2700);
            assertProblem(busy.get("/api/v1/auth/me"), 401, null, null);
        }
    }
}
