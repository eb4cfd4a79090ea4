package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console's own features in Debian's Chromium against a running node: both languages, a new
 * tab signed in, the record picker, the filter builder, the board, user editing, and screens whose
 * routes may be missing degrading to a message (console/e2e/console-features.e2e.mjs).
 */
class ConsoleFeaturesWalkTest {

    @Test
    void theConsoleFeaturesWorkInTheBrowser() throws Exception {
        Path repo = Path.of(System.getProperty("voronka.repo.dir", "..")).toAbsolutePath().normalize();
        Path script = repo.resolve("console/e2e/console-features.e2e.mjs");
        assertThat(script).exists();
        try (TestServer server = TestServer.start()) {
            ProcessBuilder node = new ProcessBuilder("node", script.toString())
                    .directory(repo.resolve("console").toFile())
                    .redirectErrorStream(true);
            node.environment().put("BASE_URL", server.server().baseUrl());
            node.environment().put("ADMIN_USER", "admin");
            node.environment().put("ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
            node.environment().put("SCREENSHOT_DIR", repo.resolve("engine/target/e2e").toString());
            Process process = node.start();
            boolean finished = process.waitFor(150, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished).as("browser walk finished in time").isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("console-features e2e passed");
        }
    }
}
