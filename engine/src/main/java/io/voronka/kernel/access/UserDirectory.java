package io.voronka.kernel.access;

import java.sql.Connection;

/** Lets a user field check that the username it names belongs to someone. */
@FunctionalInterface
public interface UserDirectory {

    boolean exists(Connection connection, String username);
}
