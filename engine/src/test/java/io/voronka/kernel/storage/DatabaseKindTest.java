package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.testing.TestDatabase;
import io.voronka.testing.TestServer;
import java.sql.DatabaseMetaData;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

/** The suite really runs on the database it claims: CI reads this to tell an H2 run from a MariaDB one. */
class DatabaseKindTest {

    @Test
    void suiteRunsOnTheConfiguredDatabaseWithFlowableOnTheSamePool() {
        try (TestServer server = TestServer.start()) {
            Database database = server.server().database();
            String product = database.withConnection(c -> {
                DatabaseMetaData meta = c.getMetaData();
                return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            });
            if (TestDatabase.onMariaDb()) {
                assertThat(database.dialect()).isEqualTo(SQLDialect.MARIADB);
                assertThat(product).containsIgnoringCase("MariaDB");
            } else {
                assertThat(database.dialect()).isEqualTo(SQLDialect.H2);
                assertThat(product).startsWith("H2");
            }
            // Flowable's tables live in the same database, reached through the same pool.
            assertThat(server.server().processEngine().getProcessEngineConfiguration().getDataSource())
                    .isSameAs(database.dataSource());
            assertThat(server.server().processEngine().getManagementService().getTableCount())
                    .containsKey(TestDatabase.onMariaDb() ? "ACT_RU_EXECUTION" : "ACT_RU_EXECUTION");
        }
    }
}
