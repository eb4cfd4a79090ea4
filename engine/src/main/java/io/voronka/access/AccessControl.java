package io.voronka.access;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.cluster.ClusterNotices;

import io.voronka.kernel.access.Authenticator;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.storage.Database;
import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The access capability in one place: teams, record scopes, their admin routes, and the
 * authenticator that gives every actor its teams. Knows no HTTP: the routes classes do.
 */
public final class AccessControl {

    private final Teams teams;
    private final Scopes scopes;
    private TeamAwareAuthenticator authenticator;
    private volatile Runnable announce = () -> { };

    /** The cluster notice of a changed scope or team: every node reads both again from the database. */
    static final String NOTICE = "access.changed";

    /** {@code roles} and {@code entities} (the schema registry's names) are what scopes can be set for. */
    public AccessControl(Database database, Set<String> roles, Supplier<Collection<String>> entities) {
        this.teams = new Teams(database, this::membershipsChanged);
        this.scopes = new Scopes(database, roles, entities);
        scopes.onChange(() -> announce.run());
    }

    /**
     * Scope and membership changes reach every node when the admin API answers, not when the other
     * nodes' caches expire (10 s): this node tells the others, which forget what they cached.
     */
    public void announceChanges(ClusterNotices notices) {
        notices.on(NOTICE, notice -> forgetAll());
        announce = () -> notices.announce(NOTICE, new JsonObject());
    }

    public ScopePolicy scopes() {
        return scopes;
    }

    public Teams teams() {
        return teams;
    }

    /** Wraps the token check so the actor it answers carries its teams. */
    public Authenticator authenticator(Authenticator tokens) {
        authenticator = new TeamAwareAuthenticator(tokens, teams);
        return authenticator;
    }

    /** Teams over HTTP, for admins. */
    public TeamRoutes teamRoutes() {
        return new TeamRoutes(teams);
    }

    /** Record scopes over HTTP, for admins. */
    public ScopeRoutes scopeRoutes() {
        return new ScopeRoutes(scopes);
    }

    private void membershipsChanged() {
        if (authenticator != null) {
            authenticator.forget();
        }
        announce.run();
    }

    private void forgetAll() {
        scopes.forget();
        if (authenticator != null) {
            authenticator.forget();
        }
    }
}
