package io.voronka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A console walk in Debian's Chromium: runs {@code console/e2e/<script>} with node against a
 * single node started for it, signed in as the admin, and fails with the walk's own log unless it
 * ends by printing {@code "<name> e2e passed"} in time. Screenshots of a failure land in
 * {@code engine/target/e2e}.
 */
public final class BrowserWalk {

    private BrowserWalk() {
    }

    /** {@code extraEnv} adds to the walk's environment (e.g. {@code WALK_LOCALE=ru-RU}). */
    public static void run(String script, String name, Map<String, String> extraEnv, int seconds) throws Exception {
        run(script, name, extraEnv, seconds, Map.of());
    }

    /** The same against a node started with {@code config} (e.g. {@link TestServer#smtpAt}). */
    public static void run(String script, String name, Map<String, String> extraEnv, int seconds,
                           Map<String, String> config) throws Exception {
        Path repo = Path.of(System.getProperty("voronka.repo.dir", "..")).toAbsolutePath().normalize();
        Path file = repo.resolve("console/e2e").resolve(script);
        assertThat(file).exists();
        try (TestServer server = TestServer.start(config)) {
            ProcessBuilder node = new ProcessBuilder("node", file.toString())
                    .directory(repo.resolve("console").toFile())
                    .redirectErrorStream(true);
            node.environment().put("BASE_URL", server.server().baseUrl());
            node.environment().put("ADMIN_USER", "admin");
            node.environment().put("ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
            node.environment().put("SCREENSHOT_DIR", repo.resolve("engine/target/e2e").toString());
            node.environment().putAll(extraEnv);
            Process process = node.start();
            boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished).as("browser walk finished in time").isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains(name + " e2e passed");
        }
    }
}
