package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.voronka.testing.BrowserWalk;
import io.voronka.testing.Ports;
import io.voronka.testing.TestServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's story in one browser walk, in Russian (console/e2e/process-lifecycle.e2e.mjs): an admin
 * designs a laned nonlinear deal process with a plugin step and rule gateway conditions, deploys
 * it, runs deals through it on the pipeline board; the step's email fails because the email plugin
 * points at a port nobody answers on; when the walk asks (it writes "fix" to FIX_SIGNAL) this test
 * starts a real SMTP server there and answers "up", and the admin retries the failed job from the
 * incidents screen; version 2 is deployed from the designer and the running instances migrated to
 * it; parallel stages and a message on another pipeline; a Camunda Modeler file is imported and
 * exported unchanged; every shipped process opens in the designer fully drawn. One walk for all of
 * it: each walk costs a node start and a browser.
 *
 * <p>One email arrives over SMTP, once: the large deal's, retried; the small deal's branch, which
 * also loops back, sends none.
 */
class ProcessLifecycleWalkTest {

    @Test
    void anAdminDesignsRunsFixesAndMigratesAProcessInRussian() throws Exception {
        int smtpPort = Ports.freePort();
        Path signal = Files.createTempFile("voronka-smtp-", ".signal");
        Files.delete(signal);
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        Thread fixer = Thread.ofVirtual().start(() -> startWhenAsked(signal, smtp));
        try {
            BrowserWalk.run("process-lifecycle.e2e.mjs", "process-lifecycle", Map.of("WALK_LOCALE", "ru-RU",
                    "FIX_SIGNAL", signal.toString()), 360, TestServer.smtpAt(smtpPort));
            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(Arrays.stream(received).map(ProcessLifecycleWalkTest::recipient))
                    .as("the large deal's retried offer email, sent once; none to the small one")
                    .singleElement().matches(to -> to.startsWith("buyer."));
            assertThat(received).allSatisfy(m -> assertThat(m.getSubject()).isEqualTo("Наше предложение"));
        } finally {
            fixer.interrupt();
            smtp.stop();
            Files.deleteIfExists(signal);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void startWhenAsked(Path signal, GreenMail smtp) {
        Instant end = Instant.now().plus(Duration.ofMinutes(6));
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
