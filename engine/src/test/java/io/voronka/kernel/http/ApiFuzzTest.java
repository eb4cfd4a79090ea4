package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.FuzzRequests;
import io.voronka.testing.Leads;
import io.voronka.testing.RawHttp;
import io.voronka.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Thousands of hostile requests over every route of the OpenAPI document, as admin and as nobody:
 * none may answer 5xx and none may show a Java class name or a stack frame. The seed is printed;
 * rerun one with {@code -Dvoronka.fuzz.seed=N}.
 */
class ApiFuzzTest {

    private static final int REQUESTS = Integer.getInteger("voronka.fuzz.requests", 10_000);
    private static final int THREADS = 4;
    private static final long BUDGET_MS = 300_000; // a normal run takes 60-130 s; the rest is room for a busy machine
    private static final int BODY_LIMIT = 1024 * 1024;
    private static final Pattern INTERNALS = Pattern.compile(
            "\\bjava\\.|\\bjavax\\.|\\borg\\.[a-z]|\\bio\\.(voronka|vertx|netty)|\\bcom\\.(zaxxer|fasterxml|mysql)|Exception"
                    + "|\\bat [\\w$]+(\\.[\\w$]+)+\\(");

    @Test
    void hostileRequestsOnEveryRouteNeverAnswer5xxNorShowInternals() throws Exception {
        long seed = Long.getLong("voronka.fuzz.seed", System.nanoTime());
        System.out.println("ApiFuzzTest seed " + seed + " (rerun with -Dvoronka.fuzz.seed=" + seed + ")");
        try (TestServer server = TestServer.start()) {
            ApiClient admin = server.admin();
            List<String> ids = knownIds(admin);
            List<FuzzRequests.Route> routes = routes(admin.get("/api/v1/openapi.json").json());
            assertThat(routes).hasSizeGreaterThanOrEqualTo(15);
            FuzzRequests requests = new FuzzRequests(seed, routes, admin.token(), ids);
            RawHttp http = new RawHttp(server.server().baseUrl());

            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            long deadline = System.currentTimeMillis() + BUDGET_MS;
            long started = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                clients.submit(() -> {
                    for (int n = next.getAndIncrement(); n < REQUESTS && failures.size() < 20
                            && System.currentTimeMillis() < deadline; n = next.getAndIncrement()) {
                        FuzzRequests.Request request = requests.request(n);
                        try {
                            RawHttp.Answer answer = http.send(request.method(), request.target(), request.headers(), request.body());
                            String verdict = verdict(answer);
                            if (verdict != null) {
                                failures.add("seed " + seed + " request " + n + ": " + verdict + "\n  " + request.describe()
                                        + "\n  answer " + answer.status() + " " + abbreviate(answer.body()));
                            }
                        } catch (RuntimeException e) {
                            if (request.body() != null && request.body().length > BODY_LIMIT) {
                                // Refused mid-upload: the server answers 413 and closes, which may reset the connection first.
                                sent.incrementAndGet();
                                continue;
                            }
                            failures.add("seed " + seed + " request " + n + ": no answer (" + e.getMessage() + ")\n  " + request.describe());
                        }
                        sent.incrementAndGet();
                    }
                });
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(BUDGET_MS + 60_000, TimeUnit.MILLISECONDS)).isTrue();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            System.out.println("ApiFuzzTest sent " + sent.get() + " requests over " + routes.size() + " routes in " + seconds
                    + " s on " + server.database().describe() + ", " + failures.size() + " failures");
            assertThat(failures).as("failures (seed %d)", seed).isEmpty();
            assertThat(sent.get()).as("requests sent within %d s", BUDGET_MS / 1000).isEqualTo(REQUESTS);
            assertThat(admin.get("/health/live").status()).isEqualTo(200);
        }
    }

    private static String verdict(RawHttp.Answer answer) {
        if (answer.status() >= 500) {
            return "answered " + answer.status();
        }
        var leak = INTERNALS.matcher(answer.body());
        if (leak.find()) {
            return "shows internals ('" + leak.group() + "')";
        }
        return null;
    }

    /** Real ids so some requests reach deep into a route: a contact, a deal and a task. */
    private static List<String> knownIds(ApiClient admin) {
        List<String> ids = new ArrayList<>();
        String contact = admin.post("/api/v1/records/contact", Leads.hotLead("Fuzzed")).json().getString("id");
        ids.add(contact);
        ids.add(admin.post("/api/v1/records/deal", new JsonObject().put("values", new JsonObject()
                .put("title", "Fuzz deal").put("stage", "new").put("contact_id", contact))).json().getString("id"));
        ids.add(Leads.awaitTask(admin, contact).getString("id"));
        return ids;
    }

    private static List<FuzzRequests.Route> routes(JsonObject openApi) {
        List<FuzzRequests.Route> routes = new ArrayList<>();
        JsonObject paths = openApi.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                boolean stream = item.getJsonObject(method).getBoolean("x-stream", false);
                JsonObject body = item.getJsonObject(method).getJsonObject("requestBody");
                List<String> properties = new ArrayList<>();
                // A body in another media type (BPMN as XML) gets the fuzzer's JSON bodies, which it must refuse.
                if (body != null && body.getJsonObject("content").containsKey("application/json")) {
                    JsonObject schema = body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
                    if (schema.containsKey("$ref")) {
                        String name = schema.getString("$ref").substring(schema.getString("$ref").lastIndexOf('/') + 1);
                        schema = openApi.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
                    }
                    JsonArray required = schema.getJsonArray("required", new JsonArray());
                    required.forEach(p -> properties.add((String) p));
                }
                routes.add(new FuzzRequests.Route(method.toUpperCase(java.util.Locale.ROOT), path, properties, stream));
            }
        }
        for (String extra : new String[] {"/health/live", "/health/ready", "/metrics", "/", "/index.html", "/assets/{name}"}) {
            routes.add(new FuzzRequests.Route("GET", extra, List.of()));
        }
        return routes;
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "... (" + text.length() + " chars)";
    }
}
