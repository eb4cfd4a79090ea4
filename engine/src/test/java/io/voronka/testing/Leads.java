package io.voronka.testing;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** Shared shapes for tests that need a lead and its task. */
public final class Leads {

    /** The password {@link #addManager} gives every manager. */
    public static final String MANAGER_PASSWORD = "Manager-pass-123";

    private Leads() {
    }

    /** A contact the shipped scoring rule makes hot (score 95). */
    public static JsonObject hotLead(String lastName) {
        return new JsonObject().put("values", new JsonObject()
                .put("first_name", "Ivan").put("last_name", lastName)
                .put("phone", "8 (912) 345-67-89").put("email", "Ivan." + lastName + "@Example.com")
                .put("decision_maker", true).put("budget", 150000).put("source", "referral"));
    }

    public static ApiClient.Response addManager(ApiClient admin, String username) {
        return admin.post("/api/v1/users", new JsonObject().put("username", username).put("displayName", "Manager " + username)
                .put("password", MANAGER_PASSWORD).put("roles", new JsonArray().add("manager")));
    }

    /** Waits for the task of a record to show in a client's inbox. */
    public static JsonObject awaitTask(ApiClient client, String recordId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Object t : client.get("/api/v1/tasks").array()) {
                JsonObject task = (JsonObject) t;
                if (recordId.equals(task.getString("recordId"))) {
                    return task;
                }
            }
            return null;
        }, t -> t != null);
    }
}
