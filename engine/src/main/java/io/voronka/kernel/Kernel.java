package io.voronka.kernel;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.voronka.kernel.config.VoronkaConfig;
import io.voronka.kernel.event.EventConsumer;
import io.voronka.kernel.event.Events;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.incident.IncidentSource;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.storage.PoolBudget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every capability stands on: configuration, the event loop, the database, metrics, the rule
 * sandbox and the outbox; and the registries capabilities fill while they start (services, routes,
 * step beans, event consumers, incident sources). Lives for one node; closes what was registered in reverse.
 */
public final class Kernel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    /** The shared parts a node builds before any capability starts. */
    public record Parts(VoronkaConfig config, String nodeName, Vertx vertx, Database database,
                        PrometheusMeterRegistry metrics, PoolBudget budget, Events events) {
    }

    private final Parts parts;
    private final RuleSandbox sandbox = new RuleSandbox();
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final Map<String, Object> steps = new LinkedHashMap<>();
    private final List<Consumer<Api>> routes = new ArrayList<>();
    private final List<IncidentSource> incidentSources = new ArrayList<>();
    private final List<EventConsumer> consumers = new ArrayList<>();
    private final Deque<AutoCloseable> closing = new ArrayDeque<>();
    private String starting = "the kernel";

    public Kernel(Parts parts) {
        this.parts = parts;
    }

    public VoronkaConfig config() {
        return parts.config();
    }

    public String nodeName() {
        return parts.nodeName();
    }

    public Vertx vertx() {
        return parts.vertx();
    }

    public Database database() {
        return parts.database();
    }

    public PrometheusMeterRegistry metrics() {
        return parts.metrics();
    }

    public PoolBudget budget() {
        return parts.budget();
    }

    public RuleSandbox sandbox() {
        return sandbox;
    }

    /**
     * The outbox (its consumers are the names every capability declared before any started) and its
     * dispatch; a writer nudges it after a commit so consumers look now instead of at their next poll.
     */
    public Events events() {
        return parts.events();
    }

    /** Offers a service to the capabilities that start later (and to embedders and tests). */
    public <T> void provide(Class<T> type, T service) {
        if (services.putIfAbsent(type, service) != null) {
            throw new IllegalStateException(starting + " provides " + type.getSimpleName() + " a second time");
        }
    }

    /**
     * Wraps a service an earlier capability provided (access adds teams to the actor the sign-in
     * capability authenticates); later capabilities get the wrapped one.
     */
    public <T> void decorate(Class<T> type, java.util.function.UnaryOperator<T> wrapper) {
        services.put(type, wrapper.apply(require(type)));
    }

    /** A service an earlier capability provided; a missing one is a wrong capability order. */
    public <T> T require(Class<T> type) {
        return find(type).orElseThrow(() -> new IllegalStateException(starting + " requires "
                + type.getSimpleName() + ", which no capability started before it provides"));
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    /** A bean a BPMN service task may name as {@code ${name}}; nothing else is reachable from BPMN. */
    public void step(String name, Object bean) {
        if (steps.putIfAbsent(name, bean) != null) {
            throw new IllegalStateException(starting + " registers the step bean '" + name + "' a second time");
        }
    }

    public Map<String, Object> steps() {
        return Collections.unmodifiableMap(steps);
    }

    /** Routes a capability serves, registered on the API once every capability has started. */
    public void routes(Consumer<Api> registrar) {
        routes.add(registrar);
    }

    public List<Consumer<Api>> routes() {
        return List.copyOf(routes);
    }

    /** A consumer of outbox events; its name must be one the capability declared in {@link Capability#eventConsumers}. */
    public void consumer(EventConsumer consumer) {
        consumers.add(consumer);
    }

    public List<EventConsumer> consumers() {
        return List.copyOf(consumers);
    }

    /** Failed work of this capability that admins see in the incident list and may retry. */
    public void incidents(IncidentSource source) {
        incidentSources.add(source);
    }

    public List<IncidentSource> incidentSources() {
        return List.copyOf(incidentSources);
    }

    /** Closed when the node stops, in the reverse order of registration. */
    public <T extends AutoCloseable> T closeOnStop(T resource) {
        closing.push(resource);
        return resource;
    }

    /** Starts the capabilities in their order: each may require what the ones before it provide. */
    public void start(List<Capability> capabilities) {
        for (Capability capability : capabilities) {
            starting = "capability '" + capability.name() + "'";
            capability.start(this);
        }
        starting = "the kernel";
    }

    /** Every capability has started: each begins its background work. */
    public void run(List<Capability> capabilities) {
        capabilities.forEach(capability -> capability.running(this));
    }

    @Override
    public void close() {
        while (!closing.isEmpty()) {
            AutoCloseable resource = closing.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
