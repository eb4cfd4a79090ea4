package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.voronka.kernel.error.DomainError;
import java.time.Duration;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP edge is the only place a domain error gets a status: each kind answers its status as
 * problem+json with the error's code, fields and (when throttled) Retry-After.
 */
@ExtendWith(VertxExtension.class)
class DomainErrorsOverHttpTest {

    private static final Map<String, DomainError> ERRORS = Map.of(
            "invalid", DomainError.invalid("amount", "minimum", "must not be negative"),
            "malformed", DomainError.malformed("after", "cursor", "is not a cursor this server issued"),
            "not-found", DomainError.notFound("no contact 42"),
            "conflict", new DomainError(DomainError.Kind.CONFLICT, "username-taken", "username nina is taken", java.util.List.of()),
            "unauthenticated", DomainError.unauthenticated("sign in first"),
            "forbidden", DomainError.forbidden("only an admin may do this"),
            "throttled", DomainError.throttled("too many attempts", Duration.ofMillis(1500)));

    private HttpServer server;
    private HttpClient client;

    @BeforeEach
    void serve(Vertx vertx, VertxTestContext context) {
        Router router = Router.router(vertx);
        Api api = new Api(vertx, router, token -> Optional.empty(), new SimpleMeterRegistry());
        api.route(HttpMethod.GET, "/api/v1/fail/:kind").open(call -> {
            throw ERRORS.get(call.path("kind"));
        });
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").onComplete(context.succeeding(s -> {
            server = s;
            client = vertx.createHttpClient();
            context.completeNow();
        }));
    }

    @AfterEach
    void stop(VertxTestContext context) {
        server.close().onComplete(context.succeedingThenComplete());
    }

    @Test
    void eachKindAnswersItsStatusWithTheCode(VertxTestContext context) {
        Map<String, Integer> expected = Map.of("invalid", 422, "malformed", 400, "not-found", 404, "conflict", 409,
                "unauthenticated", 401, "forbidden", 403, "throttled", 429);
        var checkpoint = context.checkpoint(expected.size());
        expected.forEach((kind, status) -> get(kind).onComplete(context.succeeding(answer -> context.verify(() -> {
            assertThat(answer.response().statusCode()).as(kind).isEqualTo(status);
            assertThat(answer.response().getHeader("Content-Type")).isEqualTo("application/problem+json");
            JsonObject problem = answer.body().toJsonObject();
            assertThat(problem.getInteger("status")).isEqualTo(status);
            assertThat(problem.getString("code")).isEqualTo(ERRORS.get(kind).code());
            assertThat(problem.getString("detail")).isEqualTo(ERRORS.get(kind).detail());
            checkpoint.flag();
        }))));
    }

    @Test
    void anInvalidFieldIsNamedAndAThrottledCallerToldWhenToComeBack(VertxTestContext context) {
        var checkpoint = context.checkpoint(2);
        get("invalid").onComplete(context.succeeding(answer -> context.verify(() -> {
            JsonObject error = answer.body().toJsonObject().getJsonArray("errors").getJsonObject(0);
            assertThat(error.getString("field")).isEqualTo("amount");
            assertThat(error.getString("rule")).isEqualTo("minimum");
            checkpoint.flag();
        })));
        get("throttled").onComplete(context.succeeding(answer -> context.verify(() -> {
            assertThat(answer.response().getHeader("Retry-After")).isEqualTo("2");
            checkpoint.flag();
        })));
    }

    private record Answer(HttpClientResponse response, Buffer body) {
    }

    private io.vertx.core.Future<Answer> get(String kind) {
        return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/api/v1/fail/" + kind)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> new Answer(response, body)));
    }
}
