package io.voronka.benchmarks;

import io.vertx.core.json.JsonObject;
import io.voronka.VoronkaServer;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.storage.Database;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.SQLDataType;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * A card's timeline with 50 entries (its creation, 20 changes, 20 comments, 8 reminders, the
 * lead-intake steps) among the history and comments of many other records, read over HTTP as the
 * console reads it, beside the baseline of reading the record itself (GET /records/contact/{id})
 * on the same node in the same run, alternating.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.voronka.benchmarks.CardTimelineBenchmark [otherRecords] [--db h2|mariadb] [--rounds 300]</pre>
 */
public final class CardTimelineBenchmark {

    private static final String ADMIN_PASSWORD = "card-bench-secret-42";

    private CardTimelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        RunArguments run = RunArguments.parse(args, 20_000, 300, ScratchDatabase.Kind.H2);
        int others = run.size();
        int rounds = run.rounds();
        ScratchDatabase.Kind kind = run.db();
        try (ScratchDatabase scratch = ScratchDatabase.create(kind, "card")) {
            Map<String, String> config = new HashMap<>(scratch.voronkaConfig());
            config.put("http.host", "127.0.0.1");
            config.put("http.port", "0");
            config.put("admin.password", ADMIN_PASSWORD);
            try (VoronkaServer server = VoronkaServer.start(ConfigLoader.fromMap(config))) {
                long loadStart = System.nanoTime();
                loadOthers(server.database(), others);
                ApiClient client = new ApiClient(server.baseUrl()).signIn("admin", ADMIN_PASSWORD);
                String card = buildCard(client);
                System.out.printf(Locale.ROOT, "%s: %,d other records with 10 history entries and 2 comments each, "
                        + "and the card, loaded in %.1f s%n", kind.description, others, (System.nanoTime() - loadStart) / 1e9);
                int entries = new JsonObject(client.get("/api/v1/records/contact/" + card + "/timeline?limit=50"))
                        .getJsonArray("items").size();
                for (int i = 0; i < 50; i++) {
                    client.get("/api/v1/records/contact/" + card + "/timeline?limit=50");
                    client.get("/api/v1/records/contact/" + card);
                }
                long[] timeline = new long[rounds];
                long[] record = new long[rounds];
                long[] linked = new long[rounds];
                for (int round = 0; round < rounds; round++) {
                    long start = System.nanoTime();
                    client.get("/api/v1/records/contact/" + card + "/timeline?limit=50");
                    timeline[round] = System.nanoTime() - start;
                    start = System.nanoTime();
                    client.get("/api/v1/records/contact/" + card);
                    record[round] = System.nanoTime() - start;
                    start = System.nanoTime();
                    client.get("/api/v1/records/contact/" + card + "/linked");
                    linked[round] = System.nanoTime() - start;
                }
                Latencies t = Latencies.of(timeline);
                Latencies r = Latencies.of(record);
                Latencies l = Latencies.of(linked);
                System.out.printf(Locale.ROOT, "card timeline, first page of %d entries, %d rounds, HTTP on loopback:%n",
                        entries, rounds);
                System.out.printf(Locale.ROOT, "  Voronka  GET .../timeline?limit=50   p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%n",
                        t.percentileMillis(50), t.percentileMillis(95), t.percentileMillis(99));
                System.out.printf(Locale.ROOT, "  baseline GET the record itself       p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%n",
                        r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99));
                System.out.printf(Locale.ROOT, "  the card's third call GET .../linked p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%n",
                        l.percentileMillis(50), l.percentileMillis(95), l.percentileMillis(99));
            }
        }
    }

    /** Other records' history and comments, written directly: the timeline's tables at a realistic size. */
    private static void loadOthers(Database database, int others) {
        LocalDateTime base = LocalDateTime.now(ZoneOffset.UTC).minusDays(30);
        Field<String> entity = field(name("entity"), SQLDataType.VARCHAR);
        Field<String> record = field(name("record_id"), SQLDataType.VARCHAR);
        Field<String> text = field(name("text"), SQLDataType.VARCHAR);
        for (int from = 0; from < others; from += 500) {
            int to = Math.min(others, from + 500);
            int first = from;
            database.inTransaction(c -> {
                DSLContext sql = database.dsl(c);
                BatchBindStep history = sql.batch(sql.insertInto(table(name("record_history")), entity, record,
                        field(name("version"), SQLDataType.INTEGER), field(name("actor"), SQLDataType.VARCHAR),
                        field(name("changed_at"), SQLDataType.LOCALDATETIME), field(name("field"), SQLDataType.VARCHAR),
                        field(name("old_value"), SQLDataType.VARCHAR), field(name("new_value"), SQLDataType.VARCHAR))
                        .values((String) null, null, null, null, null, null, null, null));
                BatchBindStep comments = sql.batch(sql.insertInto(table(name("record_comment")),
                        field(name("id"), SQLDataType.VARCHAR), entity, record, field(name("author"), SQLDataType.VARCHAR),
                        field(name("created_at"), SQLDataType.LOCALDATETIME), text, field(name("mentions"), SQLDataType.VARCHAR))
                        .values((String) null, null, null, null, null, null, null));
                for (int n = first; n < to; n++) {
                    String id = UUID.randomUUID().toString();
                    for (int v = 1; v <= 10; v++) {
                        history.bind("contact", id, v, "admin", base.plusSeconds(n * 10L + v), "phone",
                                "+7912000" + v, "+7912000" + (v + 1));
                    }
                    for (int k = 0; k < 2; k++) {
                        comments.bind(UUID.randomUUID().toString(), "contact", id, "admin", base.plusSeconds(n * 10L + k),
                                "called, no answer", "[]");
                    }
                }
                history.execute();
                comments.execute();
                return null;
            });
        }
    }

    /** A contact with 20 changes, 20 comments and 8 reminders besides its creation and its lead intake. */
    private static String buildCard(ApiClient client) throws Exception {
        JsonObject contact = new JsonObject().put("values", new JsonObject(WarmLead.postedValues(0)));
        String id = new JsonObject(client.send("POST", "/api/v1/records/contact", contact, 201)).getString("id");
        String path = "/api/v1/records/contact/" + id;
        for (int i = 0; i < 20; i++) {
            JsonObject change = new JsonObject().put("version", i + 1)
                    .put("values", new JsonObject().put("utm_campaign", "campaign-" + i));
            client.send("PATCH", path, change, 200);
            client.send("POST", path + "/comments", new JsonObject().put("text", "comment " + i + " for @admin"), 201);
        }
        for (int i = 0; i < 8; i++) {
            client.send("POST", path + "/reminders", new JsonObject().put("text", "reminder " + i)
                    .put("at", Instant.now().plusSeconds(3600L * (i + 1)).toString()), 201);
        }
        return id;
    }
}
