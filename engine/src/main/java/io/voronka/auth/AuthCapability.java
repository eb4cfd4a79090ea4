package io.voronka.auth;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.access.Authenticator;
import io.voronka.kernel.access.UserDirectory;
import io.voronka.kernel.cluster.ClusterNotices;

/** Users, passwords and sessions: who may call the API and as whom. */
public final class AuthCapability implements Capability {

    @Override
    public String name() {
        return "sign-in";
    }

    @Override
    public void start(Kernel kernel) {
        AuthService auth = new AuthService(kernel.database(), kernel.config().auth());
        auth.ensureAdmin(kernel.config().adminPassword());
        // A revoked token stops working on every node at once, not when its cache entry expires.
        auth.announceRevocations(kernel.require(ClusterNotices.class));
        kernel.provide(AuthService.class, auth);
        kernel.provide(Authenticator.class, auth);
        kernel.provide(UserStore.class, auth.users());
        kernel.provide(UserDirectory.class, auth.users()::exists);
        kernel.routes(new AuthRoutes(auth)::register);
    }
}
