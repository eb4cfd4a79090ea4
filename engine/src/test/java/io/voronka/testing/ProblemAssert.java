package io.voronka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

/** Asserts an answer is an RFC 9457 problem with the status, and the field and rule when given. */
public final class ProblemAssert {

    private ProblemAssert() {
    }

    public static void assertProblem(ApiClient.Response r, int status, String field, String rule) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonObject problem = r.json();
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        if (field != null) {
            assertThat(problem.getJsonArray("errors").stream().map(e -> (JsonObject) e))
                    .anySatisfy(e -> {
                        assertThat(e.getString("field")).isEqualTo(field);
                        assertThat(e.getString("rule")).isEqualTo(rule);
                        assertThat(e.getString("message")).isNotBlank();
                    });
        }
    }
}
