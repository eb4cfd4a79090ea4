package io.voronka.testing;

import io.voronka.VoronkaServer;
import io.voronka.kernel.config.ConfigLoader;
import java.util.HashMap;
import java.util.Map;

/** A Voronka node on loopback with its own database, as a test starts it. */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "first-user-test-secret";

    private final TestDatabase database;
    private final VoronkaServer server;
    private final boolean ownsDatabase;

    private TestServer(TestDatabase database, VoronkaServer server, boolean ownsDatabase) {
        this.database = database;
        this.server = server;
        this.ownsDatabase = ownsDatabase;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public static TestServer start(Map<String, String> extra) {
        return start(extra, Map.of());
    }

    /** A node with step beans of the test's own, which its BPMN names as delegate expressions. */
    public static TestServer start(Map<String, String> extra, Map<String, Object> steps) {
        TestDatabase database = TestDatabase.create();
        try {
            return new TestServer(database, VoronkaServer.start(ConfigLoader.fromMap(keys(database, extra)), steps), true);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Keys pointing the email plugin at a plain-SMTP server on loopback (a test's sink, or a port
     * nobody answers on), plus any further key-value pairs.
     */
    public static Map<String, String> smtpAt(int port, String... moreKeysAndValues) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "plugin.email.smtp.host", "127.0.0.1",
                "plugin.email.smtp.port", String.valueOf(port),
                "plugin.email.smtp.starttls", "DISABLED"));
        for (int i = 0; i + 1 < moreKeysAndValues.length; i += 2) {
            keys.put(moreKeysAndValues[i], moreKeysAndValues[i + 1]);
        }
        return keys;
    }

    /** Another node on a database that a first node already uses. */
    public static TestServer join(TestDatabase database, Map<String, String> extra) {
        return new TestServer(database, VoronkaServer.start(ConfigLoader.fromMap(keys(database, extra))), false);
    }

    private static Map<String, String> keys(TestDatabase database, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(database.config());
        keys.put("http.host", "127.0.0.1");
        keys.put("http.port", "0");
        keys.put("admin.password", ADMIN_PASSWORD);
        keys.putAll(extra);
        return keys;
    }

    public VoronkaServer server() {
        return server;
    }

    public TestDatabase database() {
        return database;
    }

    public ApiClient anonymous() {
        return new ApiClient(server.baseUrl());
    }

    public ApiClient admin() {
        return anonymous().signIn("admin", ADMIN_PASSWORD);
    }

    @Override
    public void close() {
        server.close();
        if (ownsDatabase) {
            database.close();
        }
    }
}
