package io.voronka.kernel.http;

import io.voronka.testing.BrowserWalk;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's designer in Debian's Chromium, in Russian (locale ru-RU), against a running node: an
 * admin designs a nonlinear process in the bpmn-js modeler (a plugin step from the palette, a rule
 * gateway with a loop back, a round-robin user task, the record trigger) through the "Voronka"
 * panel, saves and sees the server's unbound-input finding on the step, sees a deployment refused,
 * fixes the step, deploys version 1; then imports a Camunda Modeler file and exports it unedited
 * byte for byte, and edited with its foreign extensions and diagram kept
 * (console/e2e/process-designer.e2e.mjs).
 */
class ProcessDesignerWalkTest {

    @Test
    void anAdminDesignsDeploysAndRoundTripsAProcessInRussian() throws Exception {
        BrowserWalk.run("process-designer.e2e.mjs", "process-designer", Map.of("WALK_LOCALE", "ru-RU"), 180);
    }
}
