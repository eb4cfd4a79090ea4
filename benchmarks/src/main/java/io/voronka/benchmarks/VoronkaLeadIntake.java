package io.voronka.benchmarks;

import io.vertx.core.json.JsonObject;
import io.voronka.VoronkaServer;
import io.voronka.kernel.config.ConfigLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.flowable.engine.HistoryService;

/**
 * Voronka end to end: contacts created over HTTP by concurrent clients, timed until the dispatcher
 * has started lead-intake for every one of them.
 */
final class VoronkaLeadIntake {

    private static final String ADMIN_PASSWORD = "bench-" + System.nanoTime();

    private final ScratchDatabase database;
    private final int threads;
    private final Duration timeout;

    VoronkaLeadIntake(ScratchDatabase database, int threads, Duration timeout) {
        this.database = database;
        this.threads = threads;
        this.timeout = timeout;
    }

    SideResult run(int warmup, int count) throws Exception {
        Map<String, String> config = new HashMap<>(database.voronkaConfig());
        config.put("http.host", "127.0.0.1");
        config.put("http.port", "0");
        config.put("admin.password", ADMIN_PASSWORD);
        try (VoronkaServer server = VoronkaServer.start(ConfigLoader.fromMap(config))) {
            HistoryService history = server.processEngine().getHistoryService();
            Contacts contacts = new Contacts(server.baseUrl());
            contacts.signIn();
            contacts.checkWarm(contacts.create(0));
            awaitLeadIntakes(history, 1);
            checkSameVariables(history);

            LeadIntakeBenchmark.warmUp("Voronka", 1, warmup - 1, threads, contacts::create);
            awaitLeadIntakes(history, warmup);

            long start = System.nanoTime();
            Latencies latencies = ConcurrentLoad.run(warmup, count, threads, contacts::create);
            long calls = System.nanoTime() - start;
            awaitLeadIntakes(history, warmup + count);
            long elapsed = System.nanoTime() - start;
            LeadIntakeBenchmark.requireAllEnded(history, warmup + count);
            return new SideResult(count, elapsed, calls, latencies);
        }
    }

    /**
     * The baseline starts its instances with {@link WarmLead#processVariables}: it must be every
     * variable Voronka gave the first lead's instance, or the baseline writes less than Voronka does
     * (it missed six fields the contact form had gained, until 2026-11-25).
     */
    private static void checkSameVariables(HistoryService history) {
        String instance = history.createHistoricProcessInstanceQuery().processDefinitionKey("lead-intake").singleResult().getId();
        java.util.Set<String> voronka = new java.util.TreeSet<>();
        history.createHistoricVariableInstanceQuery().processInstanceId(instance).list()
                .forEach(variable -> voronka.add(variable.getVariableName()));
        java.util.Set<String> baseline = new java.util.TreeSet<>(WarmLead.processVariables(0, "id").keySet());
        if (!voronka.equals(baseline)) {
            throw new IllegalStateException("the baseline's variables " + baseline + " are not Voronka's " + voronka);
        }
    }

    /** Polls Flowable's history, which the dispatcher's process starts write in their own transaction. */
    private void awaitLeadIntakes(HistoryService history, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long started;
        while ((started = history.createHistoricProcessInstanceQuery().processDefinitionKey("lead-intake").count()) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + started + " of " + expected + " lead-intake processes started within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    /** The records API as the benchmark uses it. */
    private static final class Contacts {

        private final ApiClient api;

        Contacts(String baseUrl) {
            this.api = new ApiClient(baseUrl);
        }

        void signIn() throws Exception {
            api.signIn("admin", ADMIN_PASSWORD);
        }

        String create(int number) throws Exception {
            JsonObject body = new JsonObject().put("values", new JsonObject(WarmLead.postedValues(number)));
            return api.send("POST", "/api/v1/records/contact", body, 201);
        }

        void checkWarm(String createdContact) {
            JsonObject values = new JsonObject(createdContact).getJsonObject("values");
            if (!WarmLead.WARMTH.equals(values.getString("warmth")) || values.getLong("score") != WarmLead.SCORE) {
                throw new IllegalStateException("the benchmark contact is no longer a warm lead with score "
                        + WarmLead.SCORE + "; Voronka computed " + values.getValue("score") + "/" + values.getValue("warmth"));
            }
        }
    }
}
