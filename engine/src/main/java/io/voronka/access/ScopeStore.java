package io.voronka.access;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.access.Operation;
import io.voronka.kernel.access.Scope;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The access_scope table: one scope per role, entity ({@code *} for the role's default) and operation. */
final class ScopeStore {

    private static final Logger LOG = LoggerFactory.getLogger(ScopeStore.class);
    private static final Table<?> SCOPES = table(name("access_scope"));
    private static final Field<String> ROLE = field(name("role"), SQLDataType.VARCHAR);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> OPERATION = field(name("operation"), SQLDataType.VARCHAR);
    private static final Field<String> SCOPE = field(name("scope"), SQLDataType.VARCHAR);

    record Key(String role, String entity, Operation operation) {
    }

    private final SQLDialect dialect;

    ScopeStore(SQLDialect dialect) {
        this.dialect = dialect;
    }

    private DSLContext sql(Connection connection) {
        return DSL.using(connection, dialect);
    }

    Map<Key, Scope> all(Connection connection) {
        Map<Key, Scope> scopes = new HashMap<>();
        sql(connection).select(ROLE, ENTITY, OPERATION, SCOPE).from(SCOPES).forEach(r -> {
            Operation operation = "write".equals(r.get(OPERATION)) ? Operation.WRITE : Operation.READ;
            Scope.parse(r.get(SCOPE)).ifPresentOrElse(
                    scope -> scopes.put(new Key(r.get(ROLE), r.get(ENTITY), operation), scope),
                    // Only this class writes the table; should a hand edit break a row, it grants nothing.
                    () -> LOG.warn("access_scope {}/{}/{} holds '{}', read as none", r.get(ROLE), r.get(ENTITY),
                            r.get(OPERATION), r.get(SCOPE)));
        });
        return scopes;
    }

    /**
     * Locks the role's default rows, so writes of one role's scopes queue instead of racing for
     * the gap where a new row goes (which deadlocks on MariaDB).
     */
    void lockRole(Connection connection, String role) {
        sql(connection).select(ROLE).from(SCOPES).where(ROLE.eq(role)).and(ENTITY.eq("*")).forUpdate().fetch();
    }

    /** Removes an entity's own scopes, for both operations; false if it had none. */
    boolean remove(Connection connection, String role, String entity) {
        return sql(connection).deleteFrom(SCOPES).where(ROLE.eq(role)).and(ENTITY.eq(entity)).execute() > 0;
    }

    /**
     * Sets one row: an update, or an insert where there was none (the same SQL on H2 and MariaDB).
     * Two first writes racing make one insert fail on the key; the caller tries again and updates.
     */
    void put(Connection connection, Key key, Scope scope) {
        DSLContext sql = sql(connection);
        int updated = sql.update(SCOPES).set(SCOPE, scope.text()).where(ROLE.eq(key.role()))
                .and(ENTITY.eq(key.entity())).and(OPERATION.eq(key.operation().json())).execute();
        if (updated == 0) {
            sql.insertInto(SCOPES, ROLE, ENTITY, OPERATION, SCOPE)
                    .values(key.role(), key.entity(), key.operation().json(), scope.text()).execute();
        }
    }
}
