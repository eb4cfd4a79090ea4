package io.voronka.kernel.access;

/**
 * The scope an actor has on an entity's records for one operation, from the scopes of all its
 * roles. The access capability answers from its table; the record queries turn the answer into
 * SQL through {@link RecordScope}.
 */
@FunctionalInterface
public interface ScopePolicy {

    /** For tests and tools that run without users: every actor reaches every record. */
    ScopePolicy UNRESTRICTED = (actor, entity, operation) -> Scope.ALL;

    Scope scope(Actor actor, String entity, Operation operation);
}
