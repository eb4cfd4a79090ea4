package io.voronka.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Ports;
import io.voronka.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.engine.delegate.JavaDelegate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An answered plugin step is finished, and what follows it run, in the transaction that journals
 * the answer: the step costs its own async job and no second (trigger) job. The step after it sees
 * the step's result, and the email is sent once.
 */
class AnsweredStepFinishesInItsAnswerTest {

    static final int SMTP_PORT = Ports.freePort();

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static final String PROCESS = EmailStepProcess.emailThen("email-then-note", "Email then a note", "Finished in its answer", "One job, one email.", """
                <sequenceFlow id="f2" sourceRef="send" targetRef="note"/>
                <serviceTask id="note" flowable:delegateExpression="${note}"/>
                <sequenceFlow id="f3" sourceRef="note" targetRef="end"/>
                <endEvent id="end"/>
            """);

    @Test
    void theStepAndWhatFollowsItTakeOneJob() throws Exception {
        List<Object> resultsSeen = new CopyOnWriteArrayList<>();
        JavaDelegate note = execution -> resultsSeen.add(execution.getVariable("sendResult"));
        Path processes = Files.createTempDirectory("voronka-processes-");
        Files.writeString(processes.resolve("email-then-note.bpmn20.xml"), PROCESS);
        try (TestServer server = TestServer.start(TestServer.smtpAt(SMTP_PORT, "processes.dir", processes.toString()),
                Map.of("note", note))) {
            JobsDone jobsDone = new JobsDone();
            server.server().processEngine().getRuntimeService()
                    .addEventListener(jobsDone, FlowableEngineEventType.JOB_EXECUTION_SUCCESS);
            ApiClient admin = server.admin();
            String id = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                    new JsonObject().put("first_name", "Once").put("email", "once@example.com"))).json().getString("id");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                var instances = admin.get("/api/v1/process-instances?recordId=" + id).array();
                return instances.size() == 1 && "completed".equals(instances.getJsonObject(0).getString("state"));
            });
            String instance = admin.get("/api/v1/process-instances?recordId=" + id).array().getJsonObject(0).getString("id");
            assertThat(jobsDone.processInstances.stream().filter(instance::equals)).hasSize(1);
            assertThat(resultsSeen).hasSize(1).doesNotContainNull();
            assertThat(smtp.getReceivedMessages()).hasSize(1);
        } finally {
            Files.deleteIfExists(processes.resolve("email-then-note.bpmn20.xml"));
            Files.deleteIfExists(processes);
        }
    }

    /** The process instance of each job that ran and committed. */
    private static final class JobsDone implements FlowableEventListener {

        final List<String> processInstances = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(FlowableEvent event) {
            if (event instanceof FlowableEngineEvent job) {
                processInstances.add(job.getProcessInstanceId());
            }
        }

        @Override
        public boolean isFailOnException() {
            return false;
        }

        @Override
        public boolean isFireOnTransactionLifecycleEvent() {
            return true;
        }

        @Override
        public String getOnTransaction() {
            return "COMMITTED";
        }
    }
}
