package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Operation;
import io.voronka.kernel.access.RecordScope;
import io.voronka.kernel.access.Scope;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.util.Collection;
import java.util.Set;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.Name;

/**
 * The actor's record scope as SQL over an entity's table: ANDed into every record query, so a
 * record outside the read scope is simply absent (404, not in lists, totals or filters), and one
 * readable but outside the write scope answers 403.
 */
final class RecordAccess {

    private final ScopePolicy scopes;
    private final RecordStore store;

    RecordAccess(ScopePolicy scopes, RecordStore store) {
        this.scopes = scopes;
        this.store = store;
    }

    /** The actor's scope on an entity as a condition over its table. */
    Condition condition(Actor actor, EntityDefinition entity, Operation operation) {
        return condition(scopes.scope(actor, entity.name(), operation), actor, entity);
    }

    /** For filters and link checks: each linked record counts only where the actor may read it. */
    BiFunction<EntityDefinition, Name, Condition> linked(Actor actor) {
        return (linked, alias) -> RecordScope.condition(scopes.scope(actor, linked.name(), Operation.READ), actor,
                store.owner(linked, alias).orElse(null));
    }

    /** Whether the record exists within the scope; an unrestricted scope answers yes unread. */
    boolean within(Connection connection, Actor actor, EntityDefinition entity, String id, Operation operation) {
        Scope scope = scopes.scope(actor, entity.name(), operation);
        return scope.all() || store.exists(connection, entity, id, condition(scope, actor, entity));
    }

    void refuseUnlessWritable(Connection connection, Actor actor, EntityDefinition entity, String id) {
        if (!within(connection, actor, entity, id, Operation.WRITE)) {
            throw DomainError.forbidden(Message.of("record.read-only", entity.name(), ownerHint(entity)));
        }
    }

    /**
     * The responsible user a new record gets when none is named: the creator, if their write scope
     * could not create it unassigned (a manager who writes "own" creates their own records, as in
     * any CRM); nothing for the system and for those who may create unassigned records (a lead pool).
     */
    java.util.Optional<String> defaultOwner(Actor actor, EntityDefinition entity) {
        Scope write = scopes.scope(actor, entity.name(), Operation.WRITE);
        if (actor.isSystem() || write.all() || write.reach().contains(Scope.Reach.UNASSIGNED)) {
            return java.util.Optional.empty();
        }
        return store.owner(entity).map(owner -> owner.getName());
    }

    /** A new row is judged by the same SQL as every other; refusing rolls the insert back. */
    void refuseCreateOutsideScope(Connection connection, Actor actor, EntityDefinition entity, String id) {
        if (!within(connection, actor, entity, id, Operation.WRITE)) {
            throw DomainError.forbidden(Message.of("record.create-outside", entity.name(), ownerHint(entity)));
        }
    }

    /**
     * Ids among {@code ids} the actor may read. An unrestricted reader gets them all back unread:
     * there is nothing to hide, and a task whose record was deleted stays visible to them.
     */
    Set<String> readable(Database database, Actor actor, EntityDefinition entity, Collection<String> ids) {
        Scope scope = scopes.scope(actor, entity.name(), Operation.READ);
        if (scope.all()) {
            return Set.copyOf(ids);
        }
        return database.withConnection(c -> store.existing(c, entity, ids, condition(scope, actor, entity)));
    }

    private Condition condition(Scope scope, Actor actor, EntityDefinition entity) {
        return RecordScope.condition(scope, actor, store.owner(entity).orElse(null));
    }

    private Message ownerHint(EntityDefinition entity) {
        return store.owner(entity).map(f -> Message.of("record.owner-hint", entity.name() + "." + f.getName()))
                .orElse(Message.literal(""));
    }
}
