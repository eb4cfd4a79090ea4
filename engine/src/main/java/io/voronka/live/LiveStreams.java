package io.voronka.live;

import static io.vertx.core.http.HttpMethod.GET;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Authenticator;
import io.voronka.kernel.access.RecordVisibility;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/live}: change notices as server-sent events, for as long as the console keeps
 * the request open. The node listens once on the event bus and passes each notice to the streams
 * whose user may see it, deciding that off the event loop (visibility may read the database). A
 * stream checks its session again at every heartbeat, so a signed-out or expired token stops
 * hearing within one heartbeat.
 */
public final class LiveStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveStreams.class);
    /** Open streams one user may hold on one node: a few tabs, not a flood. */
    static final int STREAMS_PER_USER = 8;
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final Vertx vertx;
    private final Authenticator auth;
    private final LiveAudience audience;
    private final Duration heartbeatEvery;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private MessageConsumer<JsonObject> notices;
    private long heartbeat = -1;

    public LiveStreams(Vertx vertx, Authenticator auth, RecordVisibility visibility) {
        this(vertx, auth, visibility, HEARTBEAT);
    }

    LiveStreams(Vertx vertx, Authenticator auth, RecordVisibility visibility, Duration heartbeatEvery) {
        this.vertx = vertx;
        this.auth = auth;
        this.audience = new LiveAudience(visibility);
        this.heartbeatEvery = heartbeatEvery;
    }

    /** Listens on the bus; the returned future completes once the cluster knows this node listens. */
    public Future<Void> start() {
        notices = vertx.eventBus().consumer(LiveNotice.ADDRESS, message -> fanOut(message.body()));
        heartbeat = vertx.setPeriodic(heartbeatEvery.toMillis(), id -> beat());
        return notices.completion();
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/live").tag("live")
                .summary("Change notices as server-sent events (records and tasks you may see); read with the bearer header")
                .stream(this::open);
    }

    /** Open streams on this node, for tests and metrics. */
    public int open() {
        return streams.size();
    }

    private void open(RoutingContext ctx, Actor actor) {
        AtomicInteger mine = perUser.computeIfAbsent(actor.id(), id -> new AtomicInteger());
        if (mine.incrementAndGet() > STREAMS_PER_USER) {
            mine.decrementAndGet();
            Problems.send(ctx, DomainError.throttled("at most " + STREAMS_PER_USER
                    + " live streams per user; close another tab's stream first", Duration.ofSeconds(30)));
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no"); // a reverse proxy must pass events on, not buffer them
        Stream stream = new Stream(response, Api.bearer(ctx), actor);
        streams.add(stream);
        response.closeHandler(v -> forget(stream));
        response.exceptionHandler(e -> forget(stream));
        response.endHandler(v -> forget(stream));
        // The first event says the stream is live: anything changed from now on will be heard.
        response.write("retry: 3000\nevent: ready\ndata: {}\n\n");
    }

    private void forget(Stream stream) {
        if (streams.remove(stream)) {
            perUser.computeIfPresent(stream.userId, (id, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    private void fanOut(JsonObject notice) {
        if (streams.isEmpty()) {
            return;
        }
        List<Stream> current = List.copyOf(streams);
        vertx.executeBlocking(() -> current.stream().filter(s -> maySee(s, notice)).toList(), false)
                .onSuccess(audienceOfNotice -> {
                    String event = "event: notice\ndata: " + notice.encode() + "\n\n";
                    audienceOfNotice.forEach(s -> s.write(event));
                })
                .onFailure(e -> LOG.warn("could not decide who hears a live notice: {}", e.getMessage()));
    }

    private boolean maySee(Stream stream, JsonObject notice) {
        try {
            return audience.maySee(stream.actor, notice);
        } catch (RuntimeException e) {
            return false; // when in doubt, say nothing: the console still refreshes on its own actions
        }
    }

    /** Keeps idle connections open through proxies and ends streams whose session ended. */
    private void beat() {
        if (streams.isEmpty()) {
            return;
        }
        List<Stream> current = List.copyOf(streams);
        vertx.executeBlocking(() -> {
            current.forEach(s -> s.actor = s.token == null ? null : auth.stillSignedIn(s.token).orElse(null));
            return current;
        }, false).onSuccess(checked -> checked.forEach(s -> {
            if (s.actor == null) {
                if (!s.response.ended() && !s.response.closed()) {
                    s.response.end();
                }
                forget(s);
            } else {
                s.write(": heartbeat\n\n");
            }
        }));
    }

    @Override
    public void close() {
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
        }
        if (notices != null) {
            notices.unregister();
        }
        streams.forEach(s -> {
            if (!s.response.ended() && !s.response.closed()) {
                s.response.end();
            }
        });
        streams.clear();
    }

    /** One console's open stream. */
    private static final class Stream {
        final HttpServerResponse response;
        final String token;
        final String userId;
        volatile Actor actor;

        Stream(HttpServerResponse response, String token, Actor actor) {
            this.response = response;
            this.token = token;
            this.userId = actor.id();
            this.actor = actor;
        }

        void write(String text) {
            if (response.closed() || response.ended() || actor == null) {
                return;
            }
            if (response.writeQueueFull()) {
                // A console that stopped reading: end its stream rather than queue notices without
                // bound; it reconnects and reads everything again.
                response.end();
                return;
            }
            response.write(text);
        }
    }
}
