package io.voronka.plugin;

import io.voronka.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An email step whose continuation fails after sending (the step after it, in the same transaction
 * as the step's resumption, throws) is retried by Flowable; the retry resumes from the journaled
 * result and does not send a second email.
 */
class RetriedStepSendsOnceTest {

    static final int SMTP_PORT = Ports.freePort();

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static final String PROCESS = EmailStepProcess.emailThen("email-then-flaky", "Email then a flaky step", "Once only", "This must arrive once.", """
                <sequenceFlow id="f2" sourceRef="send" targetRef="flaky"/>
                <serviceTask id="flaky" flowable:delegateExpression="${failsOnce}"/>
                <sequenceFlow id="f3" sourceRef="flaky" targetRef="end"/>
                <endEvent id="end"/>
            """);

    @Test
    void retriedJobDoesNotSendTheEmailTwice() throws Exception {
        Path processes = Files.createTempDirectory("voronka-processes-");
        Files.writeString(processes.resolve("email-then-flaky.bpmn20.xml"), PROCESS);
        try (TestServer server = TestServer.start(TestServer.smtpAt(SMTP_PORT, "processes.dir", processes.toString()), Map.of("failsOnce", new FailsOnceStep()))) {
            ApiClient admin = server.admin();
            String id = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                    new JsonObject().put("first_name", "Retry").put("email", "retry@example.com"))).json().getString("id");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                var instances = admin.get("/api/v1/process-instances?recordId=" + id).array();
                return instances.size() == 1 && "completed".equals(instances.getJsonObject(0).getString("state"));
            });
            assertThat(FailsOnceStep.ATTEMPTS.get()).isEqualTo(2);
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Once only");
        } finally {
            Files.deleteIfExists(processes.resolve("email-then-flaky.bpmn20.xml"));
            Files.deleteIfExists(processes);
        }
    }
}
