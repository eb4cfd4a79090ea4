package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.testing.TestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The step 2 in a real browser: Debian's Chromium, driven by playwright-core, walks the
 * console served by a running node (sign in, add a manager, hot lead, call task, deal).
 */
class ConsoleWalkTest {

    @Test
    void adminAndManagerWalkTheLeadIntakeInTheBrowser() throws Exception {
        Path repo = Path.of(System.getProperty("voronka.repo.dir", "..")).toAbsolutePath().normalize();
        Path script = repo.resolve("console/e2e/lead-intake.e2e.mjs");
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
            String output;
            boolean finished = process.waitFor(150, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished).as("browser walk finished in time").isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("lead-intake e2e passed");
        }
    }
}
