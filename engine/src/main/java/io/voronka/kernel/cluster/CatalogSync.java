package io.voronka.kernel.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalogs a node holds in memory (entity definitions, process triggers...) in step with
 * the database they are read from. A node that changes a catalog reloads it and announces
 * {@code catalog.changed} with the kind and the catalog's generation; every other node then reloads
 * that kind from the database, never from the message. A generation is a number the database gives
 * that grows with every change (a count of stored versions, of deployments), so a notice that
 * arrives late, twice or not at all does no harm: each node also compares generations every
 * {@link #CHECK_EVERY} and reloads what it missed (a notice lost while it was starting, say).
 */
public final class CatalogSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogSync.class);
    public static final String NOTICE = "catalog.changed";
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final ClusterNotices notices;
    private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();
    private long timer = -1;

    private static final class Catalog {
        final LongSupplier generation;
        final Runnable reload;
        volatile long loaded = -1;

        Catalog(LongSupplier generation, Runnable reload) {
            this.generation = generation;
            this.reload = reload;
        }

        /** Reloads when the database moved on; the generation is read first, so a change during the load is seen next time. */
        synchronized boolean refresh(boolean force) {
            long stored = generation.getAsLong();
            if (!force && stored == loaded) {
                return false;
            }
            reload.run();
            loaded = stored;
            return true;
        }
    }

    public CatalogSync(Vertx vertx, ClusterNotices notices) {
        this.vertx = vertx;
        this.notices = notices;
        notices.on(NOTICE, notice -> {
            Catalog catalog = catalogs.get(notice.getString("catalog", ""));
            if (catalog != null && catalog.refresh(false)) {
                LOG.info("catalog {} reloaded (generation {}) after a change on node {}", notice.getString("catalog"),
                        notice.getLong("version"), notice.getString("from"));
            }
        });
    }

    /**
     * Adds a catalog and loads it now. {@code generation} and {@code reload} read the database;
     * {@code reload} replaces the node's snapshot in one step, so readers see the old or the new one.
     */
    public void register(String kind, LongSupplier generation, Runnable reload) {
        Catalog catalog = new Catalog(generation, reload);
        catalogs.put(kind, catalog);
        catalog.refresh(true);
    }

    /** Starts the periodic check. */
    public void start() {
        timer = vertx.setPeriodic(CHECK_EVERY.toMillis(), id -> vertx.executeBlocking(() -> {
            catalogs.forEach((kind, catalog) -> {
                try {
                    if (catalog.refresh(false)) {
                        LOG.info("catalog {} was behind the database and is reloaded", kind);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("checking catalog {} failed: {}", kind, e.getMessage());
                }
            });
            return null;
        }, false));
    }

    /**
     * After this node committed a change to {@code kind}: reloads it here, then has every other
     * node reload it and waits (bounded) until they did. Blocks; call from a worker thread.
     */
    public void changed(String kind) {
        Catalog catalog = catalogs.get(kind);
        if (catalog == null) {
            throw new IllegalArgumentException("no catalog " + kind);
        }
        catalog.refresh(false);
        notices.announce(NOTICE, new JsonObject().put("catalog", kind).put("version", catalog.loaded));
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
