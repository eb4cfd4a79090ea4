package io.voronka;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.voronka.auth.AuthRoutes;
import io.voronka.auth.AuthService;
import io.voronka.kernel.cluster.VertxFactory;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.kernel.config.VoronkaConfig;
import io.voronka.form.FormCatalog;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.HealthRoutes;
import io.voronka.kernel.http.JsonOnly;
import io.voronka.kernel.http.MetricsEndpoint;
import io.voronka.kernel.http.SecurityHeaders;
import io.voronka.kernel.http.OpenApi;
import io.voronka.kernel.http.Problems;
import io.voronka.kernel.http.Reply;
import io.voronka.plugin.ActionRoutes;
import io.voronka.kernel.incident.IncidentRoutes;
import io.voronka.kernel.incident.Incidents;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.plugin.PluginCalls;
import io.voronka.plugin.PluginHost;
import io.voronka.plugin.PluginStep;
import io.voronka.process.CreateRecordStep;
import io.voronka.process.DeadLetterJobs;
import io.voronka.process.Inbox;
import io.voronka.process.ProcessDeployer;
import io.voronka.process.ProcessEngineFactory;
import io.voronka.process.ProcessPolicy;
import io.voronka.process.ProcessHistory;
import io.voronka.process.ProcessRoutes;
import io.voronka.process.RoundRobinAssignment;
import io.voronka.process.TriggerCatalog;
import io.voronka.process.TriggerDispatcher;
import io.voronka.record.EntityCatalog;
import io.voronka.record.EntityRuleSchema;
import io.voronka.record.EntityDefinitions;
import io.voronka.record.EntityRoutes;
import io.voronka.kernel.cluster.CatalogSync;
import io.voronka.kernel.cluster.ClusterNotices;
import io.voronka.kernel.rule.RuleSchema;
import io.voronka.kernel.storage.SchemaLock;
import io.voronka.process.ProcessDefinitionRoutes;
import io.voronka.process.ProcessDefinitions;
import java.util.Optional;
import io.voronka.kernel.field.FieldValues;
import io.voronka.record.RecordRoutes;
import io.voronka.record.RecordService;
import io.voronka.record.RuleRoutes;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.storage.Utf8mb4Schema;
import io.voronka.kernel.storage.PoolBudget;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Voronka node, wired from its parts in the order they depend on each other. Tests and
 * benchmarks start it in-process; {@link Voronka#main} starts it from the command line.
 */
public final class VoronkaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VoronkaServer.class);
    public static final String VERSION = "0.1.0";
    // An event or a plugin call that keeps failing: 5 tries over about 15 s, then an incident.
    private static final RetryPolicy EVENT_RETRIES = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1));
    private static final RetryPolicy PLUGIN_RETRIES = new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofMinutes(1));

    private final VoronkaConfig config;
    private Vertx vertx;
    private Database database;
    private ProcessEngine processEngine;
    private PluginHost plugins;
    private PluginCalls pluginCalls;
    private TriggerDispatcher dispatcher;
    private HttpServer http;
    private HttpServer managementHttp;
    private RecordService records;
    private AuthService auth;
    private List<Api.Doc> apiRoutes = List.of();
    private SchemaLock schemaLock;
    private ClusterNotices notices;
    private CatalogSync catalogSync;
    /** A start waits this long for another node's schema work (Flowable's first start on MariaDB takes a while). */
    private static final Duration SCHEMA_LOCK_WAIT = Duration.ofMinutes(10);

    private final Map<String, Object> extraSteps;

    private VoronkaServer(VoronkaConfig config, Map<String, Object> extraSteps) {
        this.config = config;
        this.extraSteps = extraSteps;
    }

    /** Starts a node and returns when it accepts HTTP requests. */
    public static VoronkaServer start(VoronkaConfig config) {
        return start(config, Map.of());
    }

    /**
     * Starts a node with more step beans than the shipped ones, for embedders and tests: BPMN may
     * name only registered steps, so this is the one way to add a step of one's own.
     */
    public static VoronkaServer start(VoronkaConfig config, Map<String, Object> extraSteps) {
        VoronkaServer server = new VoronkaServer(config, extraSteps);
        try {
            server.boot();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void boot() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);

        vertx = await(VertxFactory.create(config));
        database = Database.open(config, metrics);
        // All schema work of this start (ours, entity tables, Flowable's, utf8mb4, shipped BPMN) under
        // one database lock: two nodes starting together on an empty database do not race on DDL.
        schemaLock = SchemaLock.acquire(database, SCHEMA_LOCK_WAIT);
        database.migrate();
        PoolBudget budget = PoolBudget.forPool(database.poolSize());
        if (budget.requests() < 2) {
            LOG.warn("db.pool.size {} leaves {} connections for HTTP requests when background work is busy (rule: "
                    + "pool >= {} + requests); requests may answer 503 under load", budget.poolSize(),
                    Math.max(0, budget.requests()), budget.background());
        }

        Map<String, String> forms = ContentFolder.read(config.formsDir(), "forms");
        RuleSandbox sandbox = new RuleSandbox();
        EntityDefinitions entities = new EntityDefinitions(database, sandbox);
        entities.applyFiles(forms);
        FieldValues fieldValues = new FieldValues("RU");
        FormCatalog taskForms = FormCatalog.load(forms, fieldValues);

        auth = new AuthService(database, config.auth());
        auth.ensureAdmin(config.adminPassword());

        AtomicReference<TriggerDispatcher> dispatcherRef = new AtomicReference<>();
        records = new RecordService(database, entities, fieldValues, auth.users()::exists, () -> {
            TriggerDispatcher d = dispatcherRef.get();
            if (d != null) {
                d.nudge();
            }
        }, sandbox, Clock.systemDefaultZone());

        plugins = new PluginHost(config.pluginConfig()).discover(VoronkaServer.class.getClassLoader());
        pluginCalls = new PluginCalls(plugins, database, vertx, PLUGIN_RETRIES, Duration.ofSeconds(60),
                budget.pluginWorkers(), metrics);
        Map<Object, Object> steps = new java.util.HashMap<>(extraSteps);
        steps.put("pluginAction", new PluginStep(plugins, pluginCalls));
        steps.put("createRecord", new CreateRecordStep(records));
        steps.put("roundRobin", new RoundRobinAssignment(auth.users()));
        processEngine = ProcessEngineFactory.build(database, nodeName(),
                new ProcessEngineFactory.JobLocks(config.jobLockTime(), config.expiredJobsResetInterval()), steps, sandbox, budget);
        // After Flowable created or upgraded its tables, before anything writes text to them.
        Utf8mb4Schema.enforce(database);
        pluginCalls.start(processEngine.getManagementService(), processEngine.getRuntimeService(), 1000);
        ProcessPolicy policy = new ProcessPolicy(sandbox, steps.keySet(),
                entity -> ruleSchemaOf(entities.get(), entity),
                formKey -> taskForms.find(formKey).map(f -> EntityRuleSchema.ofFields(f.key(), f.fields())));
        ProcessDeployer.deploy(processEngine.getRepositoryService(), ContentFolder.read(config.processesDir(), "process-definitions"), policy);
        schemaLock.close();
        TriggerCatalog triggers = new TriggerCatalog(processEngine.getRepositoryService());
        triggers.reload();
        ProcessDefinitions processDefinitions = new ProcessDefinitions(processEngine.getRepositoryService(), policy, triggers);
        // Cluster-wide catalogs: a change on any node is announced and every node reloads it from the database.
        notices = new ClusterNotices(vertx);
        await(notices.start());
        catalogSync = new CatalogSync(vertx, notices);
        entities.syncWith(catalogSync);
        processDefinitions.syncWith(catalogSync);
        auth.announceRevocations(notices);
        catalogSync.start();

        dispatcher = new TriggerDispatcher(database, triggers, records, processEngine.getManagementService(),
                processEngine.getRuntimeService(), metrics, budget.dispatchWorkers(), EVENT_RETRIES);
        dispatcherRef.set(dispatcher);
        dispatcher.start(vertx, 1000);

        Router router = Router.router(vertx);
        router.route().handler(SecurityHeaders::apply);
        router.route("/api/*").handler(JsonOnly::check);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        Api api = new Api(vertx, router, auth, metrics);
        new AuthRoutes(auth).register(api);
        new EntityRoutes(entities).register(api);
        new RecordRoutes(records).register(api);
        new ProcessRoutes(new Inbox(processEngine.getTaskService(), taskForms),
                new ProcessHistory(processEngine.getHistoryService(), processEngine.getManagementService(),
                        processEngine.getRepositoryService(), pluginCalls)).register(api);
        new IncidentRoutes(new Incidents(List.of(dispatcher, pluginCalls,
                new DeadLetterJobs(processEngine.getManagementService())))).register(api);
        new RuleRoutes(sandbox, entities, fieldValues).register(api);
        new ProcessDefinitionRoutes(processDefinitions).register(api);
        new ActionRoutes(plugins).register(api);
        api.route(HttpMethod.GET, "/api/v1/openapi.json").tag("meta")
                .summary("This document").signedIn(call -> Reply.ok(OpenApi.document(api.docs(), VERSION)));
        apiRoutes = api.docs();
        new HealthRoutes(vertx, database, () -> processEngine != null).register(router);
        MetricsEndpoint metricsEndpoint = new MetricsEndpoint(vertx, metrics, config.management().metricsToken());
        if (config.management().metricsOnMainPort()) {
            metricsEndpoint.register(router);
        }
        // The console, for GET and HEAD only, so a wrong method on an API path answers 405, not 404.
        StaticHandler console = StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html");
        router.routeWithRegex("^(?!/api/).*").method(HttpMethod.GET)
                .method(HttpMethod.HEAD).handler(console);
        router.errorHandler(404, ctx -> Problems.status(ctx, 404));
        router.errorHandler(405, ctx -> Problems.status(ctx, 405));
        router.errorHandler(413, ctx -> Problems.status(ctx, 413));
        router.errorHandler(400, ctx -> Problems.status(ctx, 400));
        router.errorHandler(500, ctx -> Problems.status(ctx, 500));

        http = await(vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort()))
                .requestHandler(router).listen());
        if (config.management().port() != null) {
            Router management = Router.router(vertx);
            management.route().handler(SecurityHeaders::apply);
            metricsEndpoint.register(management);
            management.errorHandler(404, ctx -> Problems.status(ctx, 404));
            managementHttp = await(vertx.createHttpServer(new HttpServerOptions().setHost(config.management().host())
                    .setPort(config.management().port())).requestHandler(management).listen());
            LOG.info("metrics on http://{}:{}/metrics", config.management().host(), managementHttp.actualPort());
        }
        LOG.info("Voronka {} listening on http://{}:{}/ ({}; node {})", VERSION, config.httpHost(), http.actualPort(),
                config.usesMariaDb() ? "MariaDB" : "embedded H2 in " + config.dataDir().toAbsolutePath(), nodeName());
    }

    private static Optional<RuleSchema> ruleSchemaOf(EntityCatalog catalog, String entity) {
        return catalog.find(entity).map(e -> catalog.ruleSchema(e, false));
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

    public ProcessEngine processEngine() {
        return processEngine;
    }

    public Database database() {
        return database;
    }

    public RecordService records() {
        return records;
    }

    public TriggerDispatcher dispatcher() {
        return dispatcher;
    }

    public AuthService auth() {
        return auth;
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
        if (catalogSync != null) {
            catalogSync.close();
        }
        if (notices != null) {
            notices.close();
        }
        if (schemaLock != null) {
            schemaLock.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (pluginCalls != null) {
            pluginCalls.close();
        }
        if (http != null) {
            await(http.close());
        }
        if (managementHttp != null) {
            await(managementHttp.close());
        }
        if (processEngine != null) {
            try {
                processEngine.close();
            } catch (FlowableOptimisticLockingException e) {
                // The executor unlocks its queued jobs on shutdown and may race a job that just
                // finished; what stays locked is picked up again when its lock expires.
                LOG.warn("a process job changed while the engine stopped: {}", e.getMessage());
            }
        }
        if (plugins != null) {
            plugins.close();
        }
        if (vertx != null) {
            await(vertx.close());
        }
        if (database != null) {
            database.close();
        }
    }
}
