package io.voronka.kernel.http;

import io.voronka.testing.BrowserWalk;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's own features in Debian's Chromium against a running node: both languages, a new
 * tab signed in, the record picker, the filter builder, the board, user editing, and the recycle
 * bin, search and reminders answering (console/e2e/console-features.e2e.mjs).
 */
class ConsoleFeaturesWalkTest {

    @Test
    void theConsoleFeaturesWorkInTheBrowser() throws Exception {
        BrowserWalk.run("console-features.e2e.mjs", "console-features", Map.of(), 270);
    }
}
