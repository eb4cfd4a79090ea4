package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * A request the database could not serve in time changed nothing and may be sent again: a 503
 * with Retry-After, not a 500 with an incident. Seen as 500s while H2 rebuilt a table for a new field.
 */
class BusyDatabaseProblemTest {

    @Test
    void lockTimeoutsAndAnExhaustedPoolAreABusyDatabase() {
        assertThat(Problems.causedByBusyDatabase(new RuntimeException(new SQLTransientConnectionException("pool")))).isTrue();
        assertThat(Problems.causedByBusyDatabase(new RuntimeException("jOOQ",
                new SQLException("Timeout trying to lock table rec_contact", "HYT00", 50200)))).isTrue();
        assertThat(Problems.causedByBusyDatabase(new RuntimeException(
                new SQLException("Lock wait timeout exceeded; try restarting transaction", "HY000", 1205)))).isTrue();
        assertThat(Problems.causedByBusyDatabase(new RuntimeException(new SQLException(
                "Table \"rec_contact\" not found", "42S02", 42102)))).as("H2 between a rebuilt table's renames").isTrue();
        assertThat(Problems.causedByBusyDatabase(new RuntimeException(new java.sql.SQLTimeoutException(
                "the table was rebuilt under this write")))).as("the shadow's mirror, after the swap").isTrue();
    }

    @Test
    void otherDatabaseFailuresAreNot() {
        assertThat(Problems.causedByBusyDatabase(new RuntimeException(new SQLException("syntax", "42000", 1064)))).isFalse();
        assertThat(Problems.causedByBusyDatabase(new IllegalStateException("bug"))).isFalse();
    }
}
