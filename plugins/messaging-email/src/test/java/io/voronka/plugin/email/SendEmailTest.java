package io.voronka.plugin.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.voronka.plugin.api.ActionFailure;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SendEmailTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private Vertx vertx;
    private SendEmail sendEmail;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        sendEmail = new SendEmail();
    }

    @AfterEach
    void stop() throws Exception {
        sendEmail.close();
        await(vertx.close());
    }

    @Test
    void sendsEmailThroughSmtp() throws Exception {
        StepContext step = StepContext.of(vertx, "sendWelcome", greenMailConfig());

        SendEmail.Result result = await(sendEmail.execute(welcome("anna@example.com"), step));

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage email = received[0];
        assertThat(email.getSubject()).isEqualTo("Welcome, Anna");
        assertThat(GreenMailUtil.getBody(email).trim()).isEqualTo("Glad to have you with us.");
        assertThat(email.getAllRecipients()).extracting(Object::toString).containsExactly("anna@example.com");
        assertThat(email.getFrom()).extracting(Object::toString).containsExactly("shop@example.com");
        assertThat(email.getMessageID())
                .isEqualTo(result.messageId())
                .isEqualTo(MessageId.derivedFrom(step.idempotencyKey()))
                .matches("<[0-9a-f]{64}@voronka>");
        assertThat(result.recipient()).isEqualTo("anna@example.com");
    }

    @Test
    void explicitFromOverridesConfiguredSender() throws Exception {
        var input = new SendEmail.Input("anna@example.com", "Hi", "Text", "Sales <sales@example.com>");

        await(sendEmail.execute(input, StepContext.of(vertx, "sendWelcome", greenMailConfig())));

        assertThat(greenMail.getReceivedMessages()[0].getFrom())
                .extracting(Object::toString).containsExactly("Sales <sales@example.com>");
    }

    @Test
    void sameIdempotencyKeyGivesSameMessageId() throws Exception {
        SendEmail.Result first = await(sendEmail.execute(welcome("anna@example.com"),
                StepContext.of(vertx, "sendWelcome", greenMailConfig())));
        SendEmail.Result retry = await(sendEmail.execute(welcome("anna@example.com"),
                StepContext.of(vertx, "sendWelcome", greenMailConfig())));
        SendEmail.Result otherStep = await(sendEmail.execute(welcome("anna@example.com"),
                StepContext.of(vertx, "sendReminder", greenMailConfig())));

        assertThat(retry.messageId()).isEqualTo(first.messageId());
        assertThat(otherStep.messageId()).isNotEqualTo(first.messageId());
        assertThat(greenMail.getReceivedMessages())
                .extracting(MimeMessage::getMessageID)
                .containsExactly(first.messageId(), first.messageId(), otherStep.messageId());
    }

    @Test
    void refusedConnectionIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }

        ActionFailure failure = failureOf(sendEmail.execute(welcome("anna@example.com"),
                StepContext.of(vertx, "sendWelcome", smtpConfig(closedPort))));

        assertThat(failure.kind()).isEqualTo(ActionFailure.Kind.TRANSIENT);
        assertThat(failure).hasMessageContaining("Connection refused");
    }

    @Test
    void silentServerTimesOutAsTransient() throws Exception {
        NetServer silent = await(ScriptedSmtpServer.silent(vertx));
        Map<String, String> config = Map.of(
                "smtp.host", "127.0.0.1",
                "smtp.port", String.valueOf(silent.actualPort()),
                "smtp.timeoutSeconds", "1");

        ActionFailure failure = failureOf(sendEmail.execute(welcome("anna@example.com"),
                StepContext.of(vertx, "sendWelcome", config)));

        assertThat(failure.kind()).isEqualTo(ActionFailure.Kind.TRANSIENT);
    }

    @Test
    void rejectedRecipientIsBusinessFailure() throws Exception {
        NetServer server = await(ScriptedSmtpServer.answeringRecipientsWith(vertx, "550 5.1.1 mailbox unknown"));

        ActionFailure failure = failureOf(sendEmail.execute(welcome("nobody@example.com"),
                StepContext.of(vertx, "sendWelcome", smtpConfig(server.actualPort()))));

        assertThat(failure.kind()).isEqualTo(ActionFailure.Kind.BUSINESS);
        assertThat(failure.code()).isEqualTo("email_rejected");
        assertThat(failure).hasMessageContaining("550 5.1.1 mailbox unknown");
    }

    @Test
    void temporarilyRefusedRecipientIsTransient() throws Exception {
        NetServer server = await(ScriptedSmtpServer.answeringRecipientsWith(vertx, "451 4.7.1 greylisted, try later"));

        ActionFailure failure = failureOf(sendEmail.execute(welcome("anna@example.com"),
                StepContext.of(vertx, "sendWelcome", smtpConfig(server.actualPort()))));

        assertThat(failure.kind()).isEqualTo(ActionFailure.Kind.TRANSIENT);
        assertThat(failure).hasMessageContaining("451 4.7.1 greylisted");
    }

    private static SendEmail.Input welcome(String to) {
        return new SendEmail.Input(to, "Welcome, Anna", "Glad to have you with us.", null);
    }

    private static Map<String, String> greenMailConfig() {
        return Map.of(
                "smtp.host", "127.0.0.1",
                "smtp.port", String.valueOf(greenMail.getSmtp().getPort()),
                "smtp.starttls", "DISABLED",
                "from", "shop@example.com");
    }

    private static Map<String, String> smtpConfig(int port) {
        return Map.of("smtp.host", "127.0.0.1", "smtp.port", String.valueOf(port));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static ActionFailure failureOf(Future<?> future) {
        Throwable thrown = catchThrowable(() -> await(future));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ActionFailure.class);
        return (ActionFailure) thrown.getCause();
    }
}
