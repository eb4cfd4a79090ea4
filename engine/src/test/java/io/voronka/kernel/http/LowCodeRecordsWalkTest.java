package io.voronka.kernel.http;

import io.voronka.testing.BrowserWalk;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's "done means" in Debian's Chromium, in Russian (locale ru-RU), against a running node:
 * an admin designs a "Компания" entity (a choice with colours, a stage rule), links contacts to it
 * with an inverse list, adds a rollup; a company is refused by the stage rule and then created; a
 * contact is linked to it; a contract file is attached (a refused type says why) and downloaded;
 * the timeline shows a changed choice by its label; contacts are filtered by the company's city; a
 * deal is dragged on the board and a move the lost-deal rule refuses shows why; a field is restored
 * from the timeline; a filter's contacts are reassigned in a job whose progress reaches the end; an
 * entity is retired and leaves the menus, its records kept (console/e2e/low-code-records.e2e.mjs).
 */
class LowCodeRecordsWalkTest {

    @Test
    void anAdminBuildsACompanyEntityAndManagersWorkWithItInRussian() throws Exception {
        BrowserWalk.run("low-code-records.e2e.mjs", "low-code-records", Map.of("WALK_LOCALE", "ru-RU"), 400);
    }
}
