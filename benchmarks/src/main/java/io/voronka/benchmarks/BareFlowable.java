package io.voronka.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * The baselines' Flowable: a standalone engine on its own pool of a scratch database, schema made on
 * start, no IDM and no event registry (as Voronka's ProcessEngineFactory), async executor on, no
 * diagrams drawn on deploy. Each baseline adds its beans and what it sets beyond this.
 */
final class BareFlowable {

    private BareFlowable() {
    }

    static StandaloneProcessEngineConfiguration configuration(ScratchDatabase database, HikariDataSource pool,
                                                              Map<String, ?> beans) {
        StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
        config.setDataSource(pool);
        config.setDatabaseSchemaUpdate("true");
        if (database.catalog() != null) {
            config.setDatabaseCatalog(database.catalog());
        }
        config.setEngineName("baseline-" + UUID.randomUUID());
        config.setDisableIdmEngine(true);
        config.setDisableEventRegistry(true);
        config.setBeans(new HashMap<>(beans));
        config.setAsyncExecutorActivate(true);
        config.setCreateDiagramOnDeploy(false);
        return config;
    }
}
