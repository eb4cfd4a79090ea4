package io.voronka.access;

import java.sql.SQLException;

/** Whether a failed write lost a race to a concurrent one, on H2 and MariaDB alike. */
final class DuplicateKey {

    private DuplicateKey() {
    }

    /** Another transaction inserted the same unique key first (SQL state class 23). */
    static boolean causedBy(Throwable e) {
        return state(e, "23");
    }

    /** A duplicate key, or the database picked this transaction as a deadlock's loser (40001). */
    static boolean orDeadlock(Throwable e) {
        return state(e, "23") || state(e, "40001");
    }

    private static boolean state(Throwable e, String prefix) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
