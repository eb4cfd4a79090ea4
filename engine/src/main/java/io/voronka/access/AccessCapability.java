package io.voronka.access;

import io.voronka.auth.User;
import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.access.Authenticator;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.cluster.ClusterNotices;
import io.voronka.record.EntityDefinitions;
import java.util.List;

/**
 * Teams and record scopes: who belongs to which team (and heads it), and per role and entity what
 * its users may read and write (own, team, unassigned, all, none). The scopes become one SQL
 * condition inside the record queries; the authenticated actor carries the teams.
 */
public final class AccessCapability implements Capability {

    @Override
    public String name() {
        return "access";
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:io/voronka/access/migration");
    }

    @Override
    public void start(Kernel kernel) {
        // Entities are read when scopes are set, after the records capability started.
        AccessControl access = new AccessControl(kernel.database(), User.ROLES,
                () -> kernel.require(EntityDefinitions.class).get().names());
        access.announceChanges(kernel.require(ClusterNotices.class));
        kernel.provide(ScopePolicy.class, access.scopes());
        kernel.provide(AccessControl.class, access);
        kernel.decorate(Authenticator.class, access::authenticator);
        kernel.routes(access.teamRoutes()::register);
        kernel.routes(access.scopeRoutes()::register);
    }
}
