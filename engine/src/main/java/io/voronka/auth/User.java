package io.voronka.auth;

import java.util.Set;

/** Someone who signs in. Roles: {@code admin} manages everything, {@code manager} works tasks and records. */
public record User(String id, String username, String displayName, Set<String> roles, boolean active) {

    public static final String ADMIN = "admin";
    public static final String MANAGER = "manager";
    public static final Set<String> ROLES = Set.of(ADMIN, MANAGER);

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }
}
