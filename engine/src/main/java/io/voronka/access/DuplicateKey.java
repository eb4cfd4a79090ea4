package io.voronka.access;

import java.sql.SQLException;

/** Whether a failed write lost a race for a unique key (SQL state class 23), on H2 and MariaDB alike. */
final class DuplicateKey {

    private DuplicateKey() {
    }

    static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
