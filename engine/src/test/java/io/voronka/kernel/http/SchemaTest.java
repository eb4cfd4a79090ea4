package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.ContractCheck;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schema builder, the document it feeds, and the checks that keep both honest; no server. */
class SchemaTest {

    static final Schema TEAM = Schema.object()
            .required("id", Schema.string())
            .optional("head", Schema.string().nullable())
            .named("Team");

    static Api.Doc route(HttpMethod method, String path, Schema request, boolean bodyless, Schema response, int status) {
        return new Api.Doc(method, path, Access.SIGNED_IN, "teams", "", request, bodyless, false, List.of(),
                response, "application/json", status, Set.of(), "application/json");
    }

    @Test
    void aNamedSchemaIsOneComponentAndEveryUseARef() {
        JsonObject doc = OpenApi.document(List.of(
                route(HttpMethod.GET, "/api/v1/teams", null, false, Schema.arrayOf(TEAM), 200),
                route(HttpMethod.GET, "/api/v1/teams/:id", null, false, TEAM.description("one team"), 200)), "t");
        JsonObject team = doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Team");
        assertThat(team.getJsonArray("required")).containsExactly("id");
        assertThat(team.getJsonObject("properties").getJsonObject("head").getJsonArray("type")).containsExactly("string", "null");
        JsonObject one = doc.getJsonObject("paths").getJsonObject("/api/v1/teams/{id}").getJsonObject("get")
                .getJsonObject("responses").getJsonObject("200").getJsonObject("content")
                .getJsonObject("application/json").getJsonObject("schema");
        assertThat(one).isEqualTo(new JsonObject().put("$ref", "#/components/schemas/Team").put("description", "one team"));
    }

    @Test
    void twoShapesUnderOneNameFailTheDocument() {
        Schema other = Schema.object().required("name", Schema.string()).named("Team");
        assertThatThrownBy(() -> OpenApi.document(List.of(
                route(HttpMethod.GET, "/api/v1/teams", null, false, TEAM, 200),
                route(HttpMethod.GET, "/api/v1/other", null, false, other, 200)), "t"))
                .hasMessageContaining("two different schemas are named Team");
    }

    @Test
    void aRouteWithoutSchemasSaysWhatToDeclare() {
        assertThat(route(HttpMethod.POST, "/api/v1/teams", null, false, null, 201).gaps())
                .containsExactly("no request schema: add .body(Schema...) or, if it reads no body, .noBody()",
                        "no response schema: add .answers(Schema...) (or .status(204) if it answers nothing)");
        assertThat(route(HttpMethod.POST, "/api/v1/teams/:id/archive", null, true, null, 204).gaps()).isEmpty();
        Api.Doc legacy = new Api.Doc(HttpMethod.PUT, "/api/v1/entities/:name", Access.ADMIN, "records", "",
                Schema.any(), false, true, List.of(), TEAM, "application/json", 200, Set.of(), "application/json");
        assertThat(legacy.gaps()).singleElement().asString().contains("OpenApi.object");
    }

    @Test
    void problemsFollowFromTheRoutesShapeAndWhatItDeclares() {
        Api.Doc create = new Api.Doc(HttpMethod.POST, "/api/v1/teams/:id/members", Access.ADMIN, "teams", "",
                Schema.object(), false, false, List.of(), TEAM, "application/json", 201, Set.of(409), "application/json");
        assertThat(OpenApi.problems(create)).containsExactly(400, 401, 403, 404, 409, 422, 503);
        Api.Doc login = new Api.Doc(HttpMethod.GET, "/api/v1/teams", Access.PUBLIC, "teams", "",
                null, false, false, List.of(), TEAM, "application/json", 200, Set.of(), "application/json");
        assertThat(OpenApi.problems(login)).containsExactly(503);
    }

    @Test
    void theContractCheckCatchesAnAnswerTheDocumentDoesNotDescribe() {
        JsonObject doc = OpenApi.document(List.of(route(HttpMethod.GET, "/api/v1/teams/:id", null, false, TEAM, 200)), "t");
        ContractCheck check = new ContractCheck(doc);
        check.check("GET", "/api/v1/teams/7", new ApiClient.Response(200, "{\"id\":\"7\",\"head\":null}", "application/json"));
        assertThat(check.violations()).isEmpty();

        check.check("GET", "/api/v1/teams/7", new ApiClient.Response(200, "{\"head\":\"x\",\"size\":3}", "application/json"));
        check.check("GET", "/api/v1/teams/7", new ApiClient.Response(418, "{}", "application/json"));
        check.check("GET", "/api/v1/teams/7", new ApiClient.Response(404, "{\"status\":404}", "application/problem+json"));
        check.check("GET", "/api/v1/teams", new ApiClient.Response(200, "[]", "application/json"));
        assertThat(check.violations())
                .anySatisfy(v -> assertThat(v).contains("GET /api/v1/teams/7 -> 200").contains("id"))
                .anySatisfy(v -> assertThat(v).contains("size"))
                .anySatisfy(v -> assertThat(v).contains("status 418 is not declared"))
                .anySatisfy(v -> assertThat(v).contains("-> 404").contains("title"))
                .anySatisfy(v -> assertThat(v).contains("the document has no such route"));
    }
}
