package io.voronka.auth;

import io.voronka.kernel.access.Actor;
import java.util.Set;

/**
 * Someone who signs in. Roles: {@code admin} manages everything, {@code manager} works tasks and records.
 * {@code email} is optional (null when none): where reminders are mailed when the node can send email.
 */
public record User(String id, String username, String displayName, Set<String> roles, boolean active, String email) {

    public static final String ADMIN = Actor.ADMIN;
    public static final String MANAGER = Actor.MANAGER;
    public static final Set<String> ROLES = Set.of(ADMIN, MANAGER);

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /** This user as the actor of a call; teams join when the access capability knows them. */
    public Actor actor() {
        return new Actor(id, username, displayName, roles, java.util.Set.of());
    }
}
