package io.voronka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The world most API test classes start from: one node, the admin signed in, and the managers the
 * class names added and signed in. Registered as
 * {@code @RegisterExtension static final SignedInServer node = SignedInServer.withManagers("nina");}
 * it starts before the class's {@code @BeforeAll} methods and closes after all its tests.
 */
public final class SignedInServer implements BeforeAllCallback, AfterAllCallback {

    private final List<String> managers;
    private final Map<String, String> config;
    private final Map<String, ApiClient> users = new HashMap<>();
    private TestServer server;
    private ApiClient admin;

    private SignedInServer(List<String> managers, Map<String, String> config) {
        this.managers = managers;
        this.config = config;
    }

    /** The admin alone. */
    public static SignedInServer adminOnly() {
        return withManagers();
    }

    /** The admin with managers of these usernames (password {@link Leads#MANAGER_PASSWORD}). */
    public static SignedInServer withManagers(String... usernames) {
        return new SignedInServer(List.of(usernames), Map.of());
    }

    /** The same world on a node started with these configuration keys besides the test defaults. */
    public SignedInServer configured(Map<String, String> keys) {
        return new SignedInServer(managers, keys);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start(config);
        admin = server.admin();
        for (String username : managers) {
            ApiClient.Response added = Leads.addManager(admin, username);
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            users.put(username, server.anonymous().signIn(username, Leads.MANAGER_PASSWORD));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    public TestServer server() {
        return server;
    }

    public ApiClient admin() {
        return admin;
    }

    /** A manager named to {@link #withManagers}, signed in. */
    public ApiClient manager(String username) {
        ApiClient client = users.get(username);
        if (client == null) {
            throw new IllegalArgumentException(username + " is not one of this node's managers " + managers);
        }
        return client;
    }
}
