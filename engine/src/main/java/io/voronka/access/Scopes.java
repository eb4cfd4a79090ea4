package io.voronka.access;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Operation;
import io.voronka.kernel.access.Scope;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.storage.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The record scopes of every role, read from the database into a cache: every record query asks
 * here, so the table is read once per {@link #CACHE} at most. A change on this node is seen at
 * once; one made on another node within {@link #CACHE}.
 */
public final class Scopes implements ScopePolicy {

    /** The role default applies to entities without a row of their own. */
    public static final String EVERY_ENTITY = "*";
    public static final Duration CACHE = Duration.ofSeconds(10);

    private final Database database;
    private final ScopeStore store;
    private final Set<String> roles;
    private final Supplier<Collection<String>> entities;
    private final LoadingCache<Boolean, Map<ScopeStore.Key, Scope>> table;
    private volatile Runnable changed = () -> { };

    /** {@code roles} and {@code entities} are what a scope may be set for. */
    Scopes(Database database, Set<String> roles, Supplier<Collection<String>> entities) {
        this.database = database;
        this.store = new ScopeStore(database.dialect());
        this.roles = Set.copyOf(roles);
        this.entities = entities;
        this.table = Caffeine.newBuilder().expireAfterWrite(CACHE)
                .build(any -> Map.copyOf(database.withConnection(store::all)));
    }

    /** Runs after every committed change of a scope (to tell the other nodes). */
    void onChange(Runnable listener) {
        this.changed = listener;
    }

    /** Reads the scopes from the database again at the next question (another node changed them). */
    void forget() {
        table.invalidateAll();
    }

    @Override
    public Scope scope(Actor actor, String entity, Operation operation) {
        if (actor.isSystem()) {
            return Scope.ALL;
        }
        Scope reach = Scope.NONE;
        for (String role : actor.roles()) {
            reach = reach.union(effective(role, entity, operation).scope());
        }
        return reach;
    }

    /** One role's scope on one entity, and whether it comes from the role's default. */
    public record Effective(String role, String entity, Scope read, Scope write, boolean inherited) {
    }

    private record Found(Scope scope, boolean inherited) {
    }

    private Found effective(String role, String entity, Operation operation) {
        Map<ScopeStore.Key, Scope> rows = table.get(Boolean.TRUE);
        Scope own = rows.get(new ScopeStore.Key(role, entity, operation));
        if (own != null) {
            return new Found(own, false);
        }
        return new Found(rows.getOrDefault(new ScopeStore.Key(role, EVERY_ENTITY, operation), Scope.NONE),
                !EVERY_ENTITY.equals(entity));
    }

    public Effective get(String role, String entity) {
        checkTarget(role, entity);
        Found read = effective(role, entity, Operation.READ);
        Found write = effective(role, entity, Operation.WRITE);
        return new Effective(role, entity, read.scope(), write.scope(), read.inherited() && write.inherited());
    }

    /** Every role's default and its scope on each entity, as an admin's grid shows them. */
    public List<Effective> all() {
        List<Effective> result = new ArrayList<>();
        for (String role : roles.stream().sorted().toList()) {
            result.add(get(role, EVERY_ENTITY));
            entities.get().stream().sorted().forEach(entity -> result.add(get(role, entity)));
        }
        return result;
    }

    public Effective set(String role, String entity, Scope read, Scope write) {
        checkTarget(role, entity);
        // A role without default rows has nothing to lock; a racing first write then loses and tries again.
        for (int attempt = 1; ; attempt++) {
            try {
                database.inTransaction(c -> {
                    store.lockRole(c, role);
                    store.put(c, new ScopeStore.Key(role, entity, Operation.READ), read);
                    store.put(c, new ScopeStore.Key(role, entity, Operation.WRITE), write);
                    return null;
                });
                break;
            } catch (RuntimeException e) {
                if (attempt == 5 || !DuplicateKey.orDeadlock(e)) {
                    throw e;
                }
            }
        }
        table.invalidateAll();
        changed.run();
        return get(role, entity);
    }

    /** Returns an entity to its role's default; the default itself stays (set it to none instead). */
    public Effective inherit(String role, String entity) {
        checkTarget(role, entity);
        if (EVERY_ENTITY.equals(entity)) {
            throw DomainError.conflict(Message.of("team.scope.default"));
        }
        database.inTransaction(c -> {
            store.lockRole(c, role);
            return store.remove(c, role, entity);
        });
        table.invalidateAll();
        changed.run();
        return get(role, entity);
    }

    private void checkTarget(String role, String entity) {
        if (!roles.contains(role)) {
            throw DomainError.notFound(Message.of("team.scope.role", role, roles.stream().sorted().toList()));
        }
        if (!EVERY_ENTITY.equals(entity) && !entities.get().contains(entity)) {
            throw DomainError.notFound(Message.of("record.entity.unknown", entity));
        }
    }
}
