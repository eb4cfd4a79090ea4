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
import io.voronka.cluster.VertxFactory;
import io.voronka.config.ContentFolder;
import io.voronka.config.VoronkaConfig;
import io.voronka.form.FormCatalog;
import io.voronka.http.Api;
import io.voronka.http.HealthRoutes;
import io.voronka.http.OpenApi;
import io.voronka.http.Problems;
import io.voronka.http.Reply;
import io.voronka.plugin.ActionRoutes;
import io.voronka.plugin.InvocationJournal;
import io.voronka.plugin.PluginHost;
import io.voronka.plugin.PluginStep;
import io.voronka.process.CreateRecordStep;
import io.voronka.process.Inbox;
import io.voronka.process.ProcessDeployer;
import io.voronka.process.ProcessEngineFactory;
import io.voronka.process.ProcessHistory;
import io.voronka.process.ProcessRoutes;
import io.voronka.process.RoundRobinAssignment;
import io.voronka.process.TriggerCatalog;
import io.voronka.process.TriggerDispatcher;
import io.voronka.record.EntityCatalog;
import io.voronka.record.EntitySchema;
import io.voronka.record.FieldValues;
import io.voronka.record.RecordRoutes;
import io.voronka.record.RecordService;
import io.voronka.rule.RuleRoutes;
import io.voronka.rule.RuleSandbox;
import io.voronka.storage.Database;
import io.voronka.storage.Utf8mb4Schema;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
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
    // Record events started in parallel; each takes a pooled connection while its process starts.
    private static final int DISPATCH_PARALLELISM = 4;

    private final VoronkaConfig config;
    private Vertx vertx;
    private Database database;
    private ProcessEngine processEngine;
    private PluginHost plugins;
    private TriggerDispatcher dispatcher;
    private HttpServer http;
    private RecordService records;
    private AuthService auth;
    private List<Api.Doc> apiRoutes = List.of();

    private VoronkaServer(VoronkaConfig config) {
        this.config = config;
    }

    /** Starts a node and returns when it accepts HTTP requests. */
    public static VoronkaServer start(VoronkaConfig config) {
        VoronkaServer server = new VoronkaServer(config);
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
        database.migrate();

        Map<String, String> forms = ContentFolder.read(config.formsDir(), "forms");
        RuleSandbox sandbox = new RuleSandbox();
        EntityCatalog catalog = EntityCatalog.load(forms, sandbox);
        new EntitySchema(database).apply(catalog);
        FieldValues fieldValues = new FieldValues("RU");
        FormCatalog taskForms = FormCatalog.load(forms, fieldValues);

        auth = new AuthService(database);
        auth.ensureAdmin(config.adminPassword());

        AtomicReference<TriggerDispatcher> dispatcherRef = new AtomicReference<>();
        records = new RecordService(database, catalog, fieldValues, auth.users()::exists, () -> {
            TriggerDispatcher d = dispatcherRef.get();
            if (d != null) {
                d.nudge();
            }
        });

        plugins = new PluginHost(config.pluginConfig()).discover(VoronkaServer.class.getClassLoader());
        PluginStep pluginStep = new PluginStep(plugins, new InvocationJournal(database), vertx, Duration.ofSeconds(60), metrics);
        processEngine = ProcessEngineFactory.build(database, nodeName(),
                new ProcessEngineFactory.JobLocks(config.jobLockTime(), config.expiredJobsResetInterval()), Map.of(
                "pluginAction", pluginStep,
                "createRecord", new CreateRecordStep(records),
                "roundRobin", new RoundRobinAssignment(auth.users())));
        // After Flowable created or upgraded its tables, before anything writes text to them.
        Utf8mb4Schema.enforce(database);
        ProcessDeployer.deploy(processEngine.getRepositoryService(), ContentFolder.read(config.processesDir(), "process-definitions"));
        TriggerCatalog triggers = new TriggerCatalog(processEngine.getRepositoryService());
        triggers.reload();

        dispatcher = new TriggerDispatcher(database, triggers, records, processEngine.getManagementService(),
                processEngine.getRuntimeService(), metrics, DISPATCH_PARALLELISM);
        dispatcherRef.set(dispatcher);
        dispatcher.start(vertx, 1000);

        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        Api api = new Api(vertx, router, auth, metrics);
        new AuthRoutes(auth).register(api);
        new RecordRoutes(records).register(api);
        new ProcessRoutes(new Inbox(processEngine.getTaskService(), taskForms),
                new ProcessHistory(processEngine.getHistoryService(), processEngine.getManagementService(),
                        processEngine.getRepositoryService())).register(api);
        new RuleRoutes(sandbox, catalog).register(api);
        new ActionRoutes(plugins).register(api);
        api.route(HttpMethod.GET, "/api/v1/openapi.json").tag("meta")
                .summary("This document").signedIn(call -> Reply.ok(OpenApi.document(api.docs(), VERSION)));
        apiRoutes = api.docs();
        new HealthRoutes(vertx, database, () -> processEngine != null, metrics).register(router);
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
        LOG.info("Voronka {} listening on http://{}:{}/ ({}; node {})", VERSION, config.httpHost(), http.actualPort(),
                config.usesMariaDb() ? "MariaDB" : "embedded H2 in " + config.dataDir().toAbsolutePath(), nodeName());
    }

    public int port() {
        return http.actualPort();
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
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (http != null) {
            await(http.close());
        }
        if (processEngine != null) {
            processEngine.close();
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
