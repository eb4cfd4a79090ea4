package io.voronka.kernel.storage;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * What a JDBC proxy of ours answers for itself rather than passing to what it wraps: unwrap and
 * isWrapperFor see the proxy first, and equality is the proxy's own identity (the proxied object
 * would otherwise answer for a different object). Shared by {@link DeferredAutoCommit} and
 * {@link WritingStatements}.
 */
final class WrapperIdentity {

    /** Returned by {@link #answer} for a method the proxy passes on. */
    static final Object PASS_ON = new Object();

    private WrapperIdentity() {
    }

    static Object answer(Object proxy, Wrapper wrapped, String method, Object[] args) throws SQLException {
        return switch (method) {
            case "unwrap" -> ((Class<?>) args[0]).isInstance(proxy) ? proxy : wrapped.unwrap((Class<?>) args[0]);
            case "isWrapperFor" -> ((Class<?>) args[0]).isInstance(proxy) || wrapped.isWrapperFor((Class<?>) args[0]);
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> PASS_ON;
        };
    }
}
