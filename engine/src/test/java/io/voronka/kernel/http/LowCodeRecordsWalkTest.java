package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's "done means" in Debian's Chromium, in Russian (locale ru-RU), against a running node:
 * an admin designs a "Компания" entity (a choice with colours, a stage rule), links contacts to it
 * with an inverse list, adds a rollup; a company is refused by the stage rule and then created; a
 * contact is linked to it; contacts are filtered by the company's city; a deal is dragged on the
 * board and a move the lost-deal rule refuses shows why; a field is restored from the timeline;
 * a filter's contacts are reassigned in a job whose progress reaches the end
 * (console/e2e/low-code-records.e2e.mjs).
 */
class LowCodeRecordsWalkTest {

    @Test
    void anAdminBuildsACompanyEntityAndManagersWorkWithItInRussian() throws Exception {
        Path repo = Path.of(System.getProperty("voronka.repo.dir", "..")).toAbsolutePath().normalize();
        Path script = repo.resolve("console/e2e/low-code-records.e2e.mjs");
        assertThat(script).exists();
        try (TestServer server = TestServer.start()) {
            ProcessBuilder node = new ProcessBuilder("node", script.toString())
                    .directory(repo.resolve("console").toFile())
                    .redirectErrorStream(true);
            node.environment().put("BASE_URL", server.server().baseUrl());
            node.environment().put("ADMIN_USER", "admin");
            node.environment().put("ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
            node.environment().put("WALK_LOCALE", "ru-RU");
            node.environment().put("SCREENSHOT_DIR", repo.resolve("engine/target/e2e").toString());
            Process process = node.start();
            boolean finished = process.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished).as("browser walk finished in time").isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("low-code-records e2e passed");
        }
    }
}
