package io.voronka;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.cluster.CatalogSync;
import io.voronka.kernel.cluster.ClusterNotices;
import io.voronka.kernel.cluster.VertxFactory;
import io.voronka.kernel.config.VoronkaConfig;
import io.voronka.kernel.event.EventDispatcher;
import io.voronka.kernel.event.Events;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.storage.PoolBudget;
import io.voronka.kernel.storage.SchemaLock;
import io.voronka.kernel.storage.Utf8mb4Schema;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.flowable.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Voronka node: the kernel's shared parts, then every capability in order, then the
 * HTTP surface. Tests and benchmarks start it in-process; {@link Voronka#main} starts it from the
 * command line.
 */
public final class VoronkaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VoronkaServer.class);
    public static final String VERSION = "0.1.0";
    /** A start waits this long for another node's schema work (Flowable's first start on MariaDB takes a while). */
    private static final Duration SCHEMA_LOCK_WAIT = Duration.ofMinutes(10);
    // An event that keeps failing for a consumer: 5 tries over about 15 s, then an incident.
    private static final RetryPolicy EVENT_RETRIES = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1));

    private final VoronkaConfig config;
    private final List<Capability> capabilities;
    private final Map<String, Object> extraSteps;
    private Vertx vertx;
    private Database database;
    private Kernel kernel;
    private HttpServer http;
    private HttpServer managementHttp;
    private volatile boolean running;
    private SchemaLock schemaLock;
    private List<Api.Doc> apiRoutes = List.of();

    private VoronkaServer(VoronkaConfig config, List<Capability> capabilities, Map<String, Object> extraSteps) {
        this.config = config;
        this.capabilities = capabilities;
        this.extraSteps = extraSteps;
    }

    /** Starts a node with the shipped capabilities and returns when it accepts HTTP requests. */
    public static VoronkaServer start(VoronkaConfig config) {
        return start(config, Map.of());
    }

    /**
     * Starts a node with more step beans than the shipped ones, for embedders and tests: BPMN may
     * name only registered steps, so this is the one way to add a step of one's own.
     */
    public static VoronkaServer start(VoronkaConfig config, Map<String, Object> extraSteps) {
        VoronkaServer server = new VoronkaServer(config, Capabilities.shipped(), extraSteps);
        try {
            server.boot();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void boot() {
        PrometheusMeterRegistry metrics = jvmMetrics();
        vertx = await(VertxFactory.create(config));
        database = Database.open(config, metrics);
        // All schema work of this start (ours, entity tables, Flowable's, utf8mb4, shipped BPMN) under
        // one database lock: two nodes starting together on an empty database do not race on DDL.
        schemaLock = SchemaLock.acquire(database, SCHEMA_LOCK_WAIT);
        database.migrate(capabilities.stream().flatMap(c -> c.migrations().stream()).toList());
        // Before any capability writes text (the shipped forms carry Russian labels) and creates entity
        // tables (they inherit the database default); Flowable's tables are converted once it made them.
        Utf8mb4Schema.enforce(database);
        PoolBudget budget = PoolBudget.forPool(database.poolSize());
        if (budget.requests() < 2) {
            LOG.warn("db.pool.size {} leaves {} connections for HTTP requests when background work is busy (rule: "
                    + "pool >= {} + requests); requests may answer 503 under load", budget.poolSize(),
                    Math.max(0, budget.requests()), budget.background());
        }
        // Every consumer is named before anything can publish: an event gets a delivery per name.
        Events events = Events.declare(database, config.eventRetention(),
                capabilities.stream().flatMap(c -> c.eventConsumers().stream()).toList());
        kernel = new Kernel(new Kernel.Parts(config, nodeName(), vertx, database, metrics, budget, events));
        extraSteps.forEach(kernel::step);
        // Cluster-wide catalogs: a change on any node is announced and every node reloads it from the database.
        ClusterNotices notices = kernel.closeOnStop(new ClusterNotices(vertx));
        await(notices.start());
        CatalogSync catalogSync = kernel.closeOnStop(new CatalogSync(vertx, notices));
        kernel.provide(ClusterNotices.class, notices);
        kernel.provide(CatalogSync.class, catalogSync);
        kernel.start(capabilities);
        schemaLock.close();
        // Registered after the capabilities' parts, so it stops before the engine its consumers use.
        kernel.closeOnStop(events);
        kernel.provide(Events.class, events);
        kernel.provide(EventDispatcher.class, events.start(vertx, kernel.consumers(), EVENT_RETRIES, budget.dispatchWorkers()));
        kernel.incidents(events.dispatcher());

        HttpFront.Built front = HttpFront.build(kernel, () -> running);
        apiRoutes = front.docs();
        kernel.run(capabilities);
        catalogSync.start();
        running = true;

        http = await(vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort()))
                .requestHandler(front.router()).listen());
        if (config.management().port() != null) {
            managementHttp = await(vertx.createHttpServer(new HttpServerOptions().setHost(config.management().host())
                    .setPort(config.management().port())).requestHandler(HttpFront.management(vertx, front.metrics())).listen());
            LOG.info("metrics on http://{}:{}/metrics", config.management().host(), managementHttp.actualPort());
        }
        LOG.info("Voronka {} listening on http://{}:{}/ ({}; node {}; capabilities {})", VERSION, config.httpHost(),
                http.actualPort(), config.usesMariaDb() ? "MariaDB" : "embedded H2 in " + config.dataDir().toAbsolutePath(),
                kernel.nodeName(), capabilities.stream().map(Capability::name).toList());
    }

    private static PrometheusMeterRegistry jvmMetrics() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        return metrics;
    }

    public int port() {
        return http.actualPort();
    }

    /** The management port's number, or -1 when none is configured. */
    public int managementPort() {
        return managementHttp == null ? -1 : managementHttp.actualPort();
    }

    public String baseUrl() {
        return "http://" + ("0.0.0.0".equals(config.httpHost()) ? "127.0.0.1" : config.httpHost()) + ":" + port();
    }

    /** Every API route this node registered, as the OpenAPI document lists them. */
    public List<Api.Doc> apiRoutes() {
        return apiRoutes;
    }

    /** A service a capability provides, for embedders and tests (the records, the process engine...). */
    public <T> T service(Class<T> type) {
        return kernel.require(type);
    }

    public ProcessEngine processEngine() {
        return service(ProcessEngine.class);
    }

    public Database database() {
        return database;
    }

    public Vertx vertx() {
        return vertx;
    }

    private String nodeName() {
        if (config.nodeName() != null) {
            return config.nodeName();
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + config.httpPort() + "-" + UUID.randomUUID().toString().substring(0, 8);
        } catch (Exception e) {
            return "node-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        running = false;
        if (http != null) {
            await(http.close());
        }
        if (managementHttp != null) {
            await(managementHttp.close());
        }
        if (kernel != null) {
            kernel.close();
        }
        if (schemaLock != null) {
            schemaLock.close();
        }
        if (vertx != null) {
            await(vertx.close());
        }
        if (database != null) {
            database.close();
        }
    }
}
