package io.voronka.benchmarks;

import io.voronka.VoronkaServer;
import io.voronka.kernel.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Voronka's side: a node in-process on a fresh database, whose only process has one asynchronous
 * plugin step calling {@code bench.noop}. Each step is its async job (journal PENDING), then the call on
 * a plugin worker, then one transaction (shared by answers that arrive together) that journals DONE,
 * finishes the step and ends the instance.
 */
final class VoronkaAsyncSteps {

    private final ScratchDatabase database;
    private final int poolSize;
    private final int threads;
    private final Duration timeout;

    VoronkaAsyncSteps(ScratchDatabase database, int poolSize, int threads, Duration timeout) {
        this.database = database;
        this.poolSize = poolSize;
        this.threads = threads;
        this.timeout = timeout;
    }

    DrainResult run(int warmup, int count) throws Exception {
        Path processes = Files.createTempDirectory("voronka-bench-processes-");
        Path bpmn = Files.writeString(processes.resolve("async-step.bpmn20.xml"), ShippedContent.read("bench/async-step.bpmn20.xml"));
        Map<String, String> config = new HashMap<>(database.voronkaConfig());
        config.put("db.pool.size", String.valueOf(poolSize));
        config.put("processes.dir", processes.toString());
        config.put("http.host", "127.0.0.1");
        config.put("http.port", "0");
        config.put("admin.password", "bench-" + System.nanoTime());
        try (VoronkaServer server = VoronkaServer.start(ConfigLoader.fromMap(config))) {
            return new JobDrain(server.processEngine(), threads, timeout).run(warmup, count);
        } finally {
            Files.deleteIfExists(bpmn);
            Files.deleteIfExists(processes);
        }
    }
}
