package io.voronka.testing;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A console's live stream ({@code GET /api/v1/live}) as a test reads it: the notices heard so far. */
public final class LiveListener {

    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private volatile int status;
    private volatile boolean ended;

    private LiveListener() {
    }

    /** Opens the stream with the bearer header; returns once the server said it is live. */
    public static LiveListener open(HttpClient client, String baseUrl, String token) {
        LiveListener listener = new LiveListener();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/live"))
                .header("Authorization", "Bearer " + token).GET().build();
        // A thread of its own: on a response already there, thenAccept would read the endless stream on the
        // caller's thread and never return (seen under load).
        client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(response -> {
            listener.status = response.statusCode();
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                response.body().forEach(listener.lines::add);
            }
            listener.ended = true;
        }, task -> Thread.ofVirtual().start(task));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.lines.contains("event: ready") || listener.status >= 400);
        if (listener.status >= 400) {
            throw new IllegalStateException("the live stream answered " + listener.status);
        }
        return listener;
    }

    /** True once the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    /** Every notice heard so far, in order of arrival. */
    public List<JsonObject> notices() {
        List<String> all = List.copyOf(lines);
        List<JsonObject> notices = new ArrayList<>();
        for (int i = 0; i + 1 < all.size(); i++) {
            if (all.get(i).equals("event: notice") && all.get(i + 1).startsWith("data: ")) {
                notices.add(new JsonObject(all.get(i + 1).substring("data: ".length())));
            }
        }
        return notices;
    }
}
