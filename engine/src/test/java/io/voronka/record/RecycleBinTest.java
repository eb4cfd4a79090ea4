package io.voronka.record;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delete moves a record to the recycle bin: gone from every read, listed in the bin, restorable, purged by admins. */
class RecycleBinTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("nina", "pavel");

    private static ApiClient admin;
    private static ApiClient nina;

    @BeforeAll
    static void signIn() {
        admin = node.admin();
        nina = node.manager("nina");
    }

    @Test
    void deletedRecordIsInBinAndRestoresWithItsHistory() {
        String id = create("Binned", "nina");
        String path = "/api/v1/records/contact/" + id;
        assertThat(admin.patch(path, change(1, "phone", "+79120000009")).status()).isEqualTo(200);
        JsonObject before = admin.get(path).json();

        assertThat(nina.delete(path + "?version=2").status()).isEqualTo(204);
        assertProblem(admin.get(path), 404, null, null);
        assertProblem(admin.get(path + "/timeline"), 404, null, null);
        assertThat(admin.get("/api/v1/records/contact?last_name=Binned").json().getJsonArray("items")).isEmpty();
        assertThat(admin.get("/api/v1/records/contact?count=true&filter=last_name%20%3D%3D%20'Binned'").json()
                .getInteger("count")).isZero();
        JsonObject binned = entry(admin.get("/api/v1/recycle-bin?entity=contact").json(), id);
        assertThat(binned.getString("title")).isEqualTo("Binned Anna");
        assertThat(binned.getString("deletedBy")).isEqualTo("nina");
        assertThat(binned.getString("owner")).isEqualTo("nina");

        ApiClient.Response restored = nina.post("/api/v1/recycle-bin/contact/" + id + "/restore", null);
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().getString("id")).isEqualTo(id);
        assertThat(restored.json().getJsonObject("values")).isEqualTo(before.getJsonObject("values"));
        assertThat(restored.json().getString("createdAt")).isEqualTo(before.getString("createdAt"));
        assertThat(restored.json().getInteger("version")).isEqualTo(4);
        assertThat(admin.get(path).json().getJsonObject("values")).isEqualTo(before.getJsonObject("values"));
        assertThat(entryOrNull(admin.get("/api/v1/recycle-bin").json(), id)).isNull();

        JsonArray history = admin.get(path + "/history").array();
        assertThat(history.stream().map(h -> ((JsonObject) h).getString("newValue")))
                .contains("+79120000009", "deleted", "restored");
        List<String> kinds = admin.get(path + "/timeline").json().getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getString("kind")).toList();
        assertThat(kinds).containsSubsequence("restored", "deleted", "changed", "created");
        assertProblem(nina.post("/api/v1/recycle-bin/contact/" + id + "/restore", null), 404, null, null);
    }

    @Test
    void managerCannotPurge() {
        String id = create("Purged", "nina");
        String path = "/api/v1/records/contact/" + id;
        assertThat(admin.post(path + "/comments", new JsonObject().put("text", "to be erased")).status()).isEqualTo(201);
        assertThat(admin.delete(path).status()).isEqualTo(204);

        assertProblem(nina.delete("/api/v1/recycle-bin/contact/" + id), 403, null, null);
        assertThat(entry(admin.get("/api/v1/recycle-bin").json(), id)).isNotNull();
        assertThat(admin.delete("/api/v1/recycle-bin/contact/" + id).status()).isEqualTo(204);
        assertThat(entryOrNull(admin.get("/api/v1/recycle-bin").json(), id)).isNull();
        assertProblem(admin.post("/api/v1/recycle-bin/contact/" + id + "/restore", null), 404, null, null);
        assertProblem(admin.get(path + "/history"), 404, null, null);
        assertProblem(admin.delete("/api/v1/recycle-bin/contact/" + id), 404, null, null);
    }

    @Test
    void binShowsManagersOnlyWhatTheyMayRead() {
        String hers = create("HersInBin", "nina");
        String pavels = create("PavelsInBin", "pavel");
        assertThat(admin.delete("/api/v1/records/contact/" + hers).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/records/contact/" + pavels).status()).isEqualTo(204);

        JsonObject seen = nina.get("/api/v1/recycle-bin").json();
        assertThat(entryOrNull(seen, hers)).isNotNull();
        assertThat(entryOrNull(seen, pavels)).isNull();
        assertThat(entryOrNull(admin.get("/api/v1/recycle-bin").json(), pavels)).isNotNull();
        assertProblem(nina.post("/api/v1/recycle-bin/contact/" + pavels + "/restore", null), 404, null, null);
        assertProblem(nina.delete("/api/v1/records/contact/" + create("PavelsToo", "pavel")), 404, null, null);
        assertProblem(admin.get("/api/v1/recycle-bin?entity=nothing"), 404, null, null);
    }

    @Test
    void aDealKeepsItsContactAndComesBackOnlyWithIt() {
        String contact = create("WithDeal", null);
        String deal = admin.post("/api/v1/records/deal", new JsonObject().put("values", new JsonObject()
                .put("title", "Big one").put("stage", "new").put("contact_id", contact))).json().getString("id");

        assertProblem(admin.delete("/api/v1/records/contact/" + contact), 409, null, null);
        assertThat(admin.delete("/api/v1/records/deal/" + deal).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/records/contact/" + contact).status()).isEqualTo(204);

        assertProblem(admin.post("/api/v1/recycle-bin/deal/" + deal + "/restore", null), 409, "values.contact_id", "exists");
        assertThat(admin.post("/api/v1/recycle-bin/contact/" + contact + "/restore", null).status()).isEqualTo(200);
        ApiClient.Response back = admin.post("/api/v1/recycle-bin/deal/" + deal + "/restore", null);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().getJsonObject("values").getString("contact_id")).isEqualTo(contact);
        assertThat(admin.get("/api/v1/records/deal?contact_id=" + contact).json().getJsonArray("items")).hasSize(1);
    }

    private static String create(String lastName, String responsible) {
        ApiClient.Response created = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Anna").put("last_name", lastName).put("phone", "+79123456789")
                .put("budget", 1234.5).put("birth_date", "1990-05-01").put("consent_email", true)
                .put("responsible_manager", responsible)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static JsonObject change(int version, String field, Object value) {
        return new JsonObject().put("version", version).put("values", new JsonObject().put(field, value));
    }

    private static JsonObject entry(JsonObject bin, String id) {
        JsonObject found = entryOrNull(bin, id);
        assertThat(found).as("%s in %s", id, bin.encode()).isNotNull();
        return found;
    }

    private static JsonObject entryOrNull(JsonObject bin, String id) {
        return bin.getJsonArray("items").stream().map(i -> (JsonObject) i).filter(i -> id.equals(i.getString("id")))
                .findFirst().orElse(null);
    }
}
