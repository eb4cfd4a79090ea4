package io.voronka.kernel.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short notices every node of the cluster hears over the clustered event bus: a catalog changed,
 * a token was revoked. A notice says what changed, never the new content: each node reads that
 * from the database. Each node listens on an address of its own, so the sender can wait until
 * every node it knows has acted on the notice (bounded by {@link #WAIT}): a change answered 2xx on
 * one node is then already in force on the others. A node that did not answer in time catches up
 * by its own periodic check ({@link CatalogSync}).
 */
public final class ClusterNotices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNotices.class);
    static final String ADDRESS = "voronka.notice.";
    /** How long a sender waits for the other nodes; longer only when a node is stuck or gone. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final String nodeId;
    private final Map<String, Consumer<JsonObject>> handlers = new ConcurrentHashMap<>();
    private MessageConsumer<JsonObject> consumer;

    public ClusterNotices(Vertx vertx) {
        this.vertx = vertx;
        this.nodeId = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager().getNodeId() : "local";
    }

    /** Starts listening; returns once the cluster knows this node's address. */
    public Future<Void> start() {
        consumer = vertx.eventBus().<JsonObject>consumer(ADDRESS + nodeId, message -> {
            JsonObject notice = message.body();
            Consumer<JsonObject> handler = handlers.get(notice.getString("kind", ""));
            // Handlers read the database: never on the event loop.
            vertx.executeBlocking(() -> {
                if (handler != null) {
                    handler.accept(notice);
                }
                return null;
            }, false).onComplete(done -> {
                if (done.failed()) {
                    LOG.warn("notice {} failed on this node: {}", notice.getString("kind"), done.cause().getMessage());
                    message.fail(500, "failed");
                } else {
                    message.reply("done");
                }
            });
        });
        return consumer.completion();
    }

    /** What this node does when a notice of {@code kind} arrives from another node. */
    public void on(String kind, Consumer<JsonObject> handler) {
        handlers.put(kind, handler);
    }

    /**
     * Tells every other node and waits (at most {@link #WAIT}) until each has handled the notice.
     * The sender handles its own change itself, before it announces. Returns how many nodes confirmed.
     * Blocks: call from a worker thread, never from the event loop.
     */
    public int announce(String kind, JsonObject notice) {
        JsonObject message = notice.copy().put("kind", kind).put("from", nodeId);
        List<String> others = otherNodes();
        if (others.isEmpty()) {
            return 0;
        }
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(WAIT.toMillis());
        List<Future<?>> answers = others.stream()
                .<Future<?>>map(node -> vertx.eventBus().request(ADDRESS + node, message, options)).toList();
        try {
            Future.join(answers).toCompletionStage().toCompletableFuture().get(WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // join fails when any node failed; the count below says how many did not.
        }
        long confirmed = answers.stream().filter(Future::succeeded).count();
        if (confirmed < others.size()) {
            LOG.warn("{} of {} other nodes did not confirm notice {}; they catch up on their next check",
                    others.size() - confirmed, others.size(), kind);
        }
        return (int) confirmed;
    }

    private List<String> otherNodes() {
        if (!vertx.isClustered()) {
            return List.of();
        }
        return ((VertxInternal) vertx).clusterManager().getNodes().stream().filter(n -> !n.equals(nodeId)).toList();
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.unregister();
        }
    }
}
