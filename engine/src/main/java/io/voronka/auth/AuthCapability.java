package io.voronka.auth;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.access.Authenticator;
import io.voronka.kernel.access.UserDirectory;

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
        kernel.provide(AuthService.class, auth);
        kernel.provide(Authenticator.class, auth);
        kernel.provide(UserStore.class, auth.users());
        kernel.provide(UserDirectory.class, auth.users()::exists);
        kernel.routes(new AuthRoutes(auth)::register);
    }
}
