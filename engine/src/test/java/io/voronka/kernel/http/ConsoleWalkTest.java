package io.voronka.kernel.http;

import io.voronka.testing.BrowserWalk;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The step 2 in a real browser: Debian's Chromium, driven by playwright-core, walks the
 * console served by a running node (sign in, add a manager, hot lead, call task, deal).
 */
class ConsoleWalkTest {

    @Test
    void adminAndManagerWalkTheLeadIntakeInTheBrowser() throws Exception {
        BrowserWalk.run("lead-intake.e2e.mjs", "lead-intake", Map.of(), 150);
    }
}
