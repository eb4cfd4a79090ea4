package io.voronka.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Ports;
import io.voronka.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowable.engine.delegate.JavaDelegate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flow that loops back to an email step visits it twice on the same execution: each visit sends
 * its own email (with its own Message-ID), while the retry of one visit (the step after the email
 * fails once, so the resumption is run again) still sends that visit's email once.
 */
class LoopedStepSendsPerVisitTest {

    static final int SMTP_PORT = Ports.freePort();

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static final String PROCESS = EmailStepProcess.emailThen("email-twice", "Email on each pass", "Each pass", "One of these per pass.", """
                <sequenceFlow id="f2" sourceRef="send" targetRef="flaky"/>
                <serviceTask id="flaky" flowable:delegateExpression="${failsFirstTime}"/>
                <sequenceFlow id="f3" sourceRef="flaky" targetRef="round"/>
                <serviceTask id="round" flowable:delegateExpression="${rounds}"/>
                <sequenceFlow id="f4" sourceRef="round" targetRef="again"/>
                <exclusiveGateway id="again" default="done"/>
                <sequenceFlow id="back" sourceRef="again" targetRef="send">
                  <conditionExpression xsi:type="tFormalExpression"><![CDATA[${roundResult == 'again'}]]></conditionExpression>
                </sequenceFlow>
                <sequenceFlow id="done" sourceRef="again" targetRef="end"/>
                <endEvent id="end"/>
            """);

    @Test
    void eachVisitOfALoopedStepSendsItsOwnEmailAndARetrySendsNoMore() throws Exception {
        AtomicInteger flakyAttempts = new AtomicInteger();
        JavaDelegate failsFirstTime = execution -> {
            if (flakyAttempts.incrementAndGet() == 1) {
                throw new IllegalStateException("simulated failure after the first email was sent");
            }
        };
        // First pass loops back, second pass leaves.
        JavaDelegate rounds = execution -> execution.setVariable("roundResult",
                execution.getVariable("roundResult") == null ? "again" : "done");
        Path processes = Files.createTempDirectory("voronka-processes-");
        Files.writeString(processes.resolve("email-twice.bpmn20.xml"), PROCESS);
        try (TestServer server = TestServer.start(TestServer.smtpAt(SMTP_PORT, "processes.dir", processes.toString()),
                Map.of("failsFirstTime", failsFirstTime, "rounds", rounds))) {
            ApiClient admin = server.admin();
            String id = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                    new JsonObject().put("first_name", "Loop").put("email", "loop@example.com"))).json().getString("id");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                var instances = admin.get("/api/v1/process-instances?recordId=" + id).array();
                return instances.size() == 1 && "completed".equals(instances.getJsonObject(0).getString("state"));
            });
            assertThat(flakyAttempts.get()).isEqualTo(3);
            MimeMessage[] sent = smtp.getReceivedMessages();
            assertThat(sent).hasSize(2);
            assertThat(Arrays.stream(sent).map(LoopedStepSendsPerVisitTest::messageId).distinct()).hasSize(2);
        } finally {
            Files.deleteIfExists(processes.resolve("email-twice.bpmn20.xml"));
            Files.deleteIfExists(processes);
        }
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
