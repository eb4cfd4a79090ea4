package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.voronka.testing.BrowserWalk;
import io.voronka.testing.Ports;
import io.voronka.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's operations in Debian's Chromium, in Russian (console/e2e/process-ops.e2e.mjs): the
 * email plugin points at a port nobody answers on, so a cold lead's welcome email stops as an
 * incident; the admin sees it on the incidents screen and on the instance's diagram; when the walk
 * asks (it writes "fix" to FIX_SIGNAL), this test starts a real SMTP server on that port and
 * answers "up"; the admin retries and the instance completes; a second version is migrated to from
 * the versions screen and compared with the first. The one email arrives over SMTP exactly once.
 */
class ProcessOpsWalkTest {

    @Test
    void anAdminFixesAFailedEmailMigratesAnInstanceAndComparesVersionsInRussian() throws Exception {
        int smtpPort = Ports.freePort();
        Path signal = Files.createTempFile("voronka-smtp-", ".signal");
        Files.delete(signal);
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        Thread fixer = Thread.ofVirtual().start(() -> startWhenAsked(signal, smtp));
        try {
            BrowserWalk.run("process-ops.e2e.mjs", "process-ops", Map.of("WALK_LOCALE", "ru-RU",
                    "FIX_SIGNAL", signal.toString()), 200, TestServer.smtpAt(smtpPort));
            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).as("the retried welcome email, sent once").hasSize(1);
            assertThat(received[0].getSubject()).isEqualTo("Welcome, Ольга!");
        } finally {
            fixer.interrupt();
            smtp.stop();
            Files.deleteIfExists(signal);
        }
    }

    private static void startWhenAsked(Path signal, GreenMail smtp) {
        Instant end = Instant.now().plus(Duration.ofMinutes(4));
        try {
            while (Instant.now().isBefore(end)) {
                if (Files.exists(signal) && Files.readString(signal, StandardCharsets.UTF_8).equals("fix")) {
                    smtp.start();
                    Files.writeString(signal, "up", StandardCharsets.UTF_8);
                    return;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
