package io.voronka.benchmarks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An admin adds an indexed field to the populated contact table while managers keep editing
 * contacts: how long the change takes, and how long writers wait meanwhile, against the same
 * writers' latency just before the change (the baseline, same run).
 */
final class OnlineField {

    private static final int WRITERS = 4;
    private static final long BEFORE_MILLIS = 5_000;
    private static final long AFTER_MILLIS = 3_000;

    private final ApiClient api;
    private final int contacts;

    OnlineField(ApiClient api, int contacts) {
        this.api = api;
        this.contacts = contacts;
    }

    /** One finished write: when it started and ended, in nanos. */
    private record Write(long start, long end) {
        long nanos() {
            return end - start;
        }
    }

    void run() throws Exception {
        ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        // Each writer edits contacts no one else touches, newest loaded first, so every one is at version 1.
        AtomicInteger next = new AtomicInteger(contacts - 1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(pool.submit(() -> {
                while (!stop.get()) {
                    String path = "/api/v1/records/contact/" + MillionRows.contactId(next.getAndDecrement());
                    JsonObject change = new JsonObject().put("version", 1).put("values", new JsonObject().put("budget", 4242));
                    long start = System.nanoTime();
                    // A write that meets the definition change midway answers 409 and is sent again, as the
                    // console does: the time until it is stored is what the manager waits.
                    while (true) {
                        try {
                            api.send("PATCH", path, change, 200);
                            break;
                        } catch (IllegalStateException refused) {
                            if (refused.getMessage().contains(" answered 503")) {
                                // The database was busy (a wait for a table lock ran out): nothing
                                // was changed; sent again shortly, and the wait counts in this write's time.
                                busy.incrementAndGet();
                                Thread.sleep(100);
                                continue;
                            }
                            if (!refused.getMessage().contains("definition of contact changed")) {
                                throw refused;
                            }
                            retried.incrementAndGet();
                        }
                    }
                    writes.add(new Write(start, System.nanoTime()));
                }
                return null;
            }));
        }
        try {
            Thread.sleep(BEFORE_MILLIS);
            JsonObject contact = new JsonObject(api.get("/api/v1/entities/contact"));
            JsonArray fields = contact.getJsonArray("fields");
            fields.add(new JsonObject().put("name", "segment_code").put("label", "Segment code").put("type", "text")
                    .put("maxLength", 50).put("indexed", true));
            // The document as read, less what the server stamps on it, is what a PUT takes back.
            JsonObject definition = new JsonObject();
            for (String key : List.of("name", "label", "labelPlural", "titleFields", "fields", "currency", "rules",
                    "layout", "sources", "version")) {
                if (contact.containsKey(key)) {
                    definition.put(key, contact.getValue(key));
                }
            }
            long changeStart = System.nanoTime();
            api.send("PUT", "/api/v1/entities/contact", definition, 200);
            long changeEnd = System.nanoTime();
            Thread.sleep(AFTER_MILLIS);
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get();
            }
            report(new ArrayList<>(writes), changeStart, changeEnd);
            System.out.printf(Locale.ROOT, "  writes refused with 409 (definition changed) and sent again: %d%n", retried.get());
            System.out.printf(Locale.ROOT, "  writes refused with 503 (database busy) and sent again: %d%n", busy.get());
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    private static void report(List<Write> writes, long changeStart, long changeEnd) {
        long[] before = writes.stream().filter(w -> w.end() < changeStart).mapToLong(Write::nanos).toArray();
        List<Write> during = writes.stream().filter(w -> w.end() >= changeStart && w.start() <= changeEnd).toList();
        long[] duringNanos = during.stream().mapToLong(Write::nanos).toArray();
        // The longest time no write finished while the change ran: what a manager would feel as a freeze.
        List<Long> ends = writes.stream().map(Write::end).filter(e -> e >= changeStart && e <= changeEnd + 1_000_000_000L)
                .sorted().toList();
        long gap = 0;
        long previous = changeStart;
        for (long end : ends) {
            gap = Math.max(gap, end - previous);
            previous = end;
        }
        Latencies baseline = Latencies.of(before);
        System.out.printf(Locale.ROOT, "%nadding an indexed field to contact (%d writers editing contacts over HTTP)%n", WRITERS);
        System.out.printf(Locale.ROOT, "  the change (PUT /api/v1/entities/contact) took %.0f ms%n", (changeEnd - changeStart) / 1e6);
        System.out.printf(Locale.ROOT, "  writes before (baseline): %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", before.length,
                baseline.percentileMillis(50), baseline.percentileMillis(99), baseline.percentileMillis(100));
        if (duringNanos.length > 0) {
            Latencies meanwhile = Latencies.of(duringNanos);
            System.out.printf(Locale.ROOT, "  writes during the change: %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", duringNanos.length,
                    meanwhile.percentileMillis(50), meanwhile.percentileMillis(99), meanwhile.percentileMillis(100));
        }
        System.out.printf(Locale.ROOT, "  longest time no write finished during the change: %.0f ms%n", gap / 1e6);
    }
}
