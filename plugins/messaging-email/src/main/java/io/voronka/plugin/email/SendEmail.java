package io.voronka.plugin.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.voronka.plugin.api.Action;
import io.voronka.plugin.api.ActionContext;
import io.voronka.plugin.api.ActionDefinition;
import io.voronka.plugin.api.ActionFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends one plain-text email over SMTP. The Message-ID is derived from the step's idempotency key,
 * so when the engine resends after an unknown outcome, receivers see the same message twice and can
 * drop the copy.
 */
@ActionDefinition(
        id = "email.send",
        label = "Send email",
        description = "Sends a plain-text email through the configured SMTP server.",
        group = "Messaging",
        input = SendEmail.Input.class)
public final class SendEmail implements Action<SendEmail.Input, SendEmail.Result>, AutoCloseable {

    static final String DEFAULT_FROM = "voronka@localhost";

    public record Input(
            @io.voronka.plugin.api.Input(label = "To", group = "Message", required = true,
                    description = "Recipient address",
                    pattern = "^[^@\\s<>,;]+@[^@\\s<>,;]+$")
            String to,
            @io.voronka.plugin.api.Input(label = "Subject", group = "Message", required = true, maxLength = 998)
            String subject,
            @io.voronka.plugin.api.Input(label = "Body", group = "Message", required = true,
                    description = "Plain text")
            String body,
            @io.voronka.plugin.api.Input(label = "From", group = "Message",
                    description = "Sender; defaults to the plugin's configured 'from'")
            String from) {
    }

    /** {@code messageId} is the Message-ID header as sent, angle brackets included. */
    public record Result(String messageId, String recipient) {
    }

    /** Clients hold connection pools; one per Vert.x instance and SMTP server, reused across calls. */
    private record ClientKey(Vertx vertx, SmtpSettings settings) {
    }

    private final Map<ClientKey, MailClient> clients = new ConcurrentHashMap<>();

    public SendEmail() {
    }

    @Override
    public Future<Result> execute(Input input, ActionContext context) {
        SmtpSettings settings;
        try {
            settings = SmtpSettings.from(context.config());
        } catch (IllegalArgumentException e) {
            // An operator's mistake: retries end in an incident, which is where it gets fixed.
            return Future.failedFuture(ActionFailure.transientFailure("Invalid SMTP configuration: " + e.getMessage(), e));
        }
        String messageId = MessageId.derivedFrom(context.idempotencyKey());
        MailMessage message = new MailMessage()
                .setFrom(input.from() != null && !input.from().isBlank()
                        ? input.from()
                        : context.config().get("from", DEFAULT_FROM))
                .setTo(List.of(input.to()))
                .setSubject(input.subject())
                .setText(input.body())
                .addHeader("Message-ID", messageId);
        return client(context.vertx(), settings)
                .sendMail(message)
                .<Result>map(sent -> new Result(messageId, input.to()))
                .recover(error -> Future.failedFuture(SmtpFailure.classify(error)));
    }

    private MailClient client(Vertx vertx, SmtpSettings settings) {
        return clients.computeIfAbsent(new ClientKey(vertx, settings),
                key -> MailClient.create(key.vertx(), key.settings().toMailConfig()));
    }

    /** Closes every SMTP connection pool this action opened; later calls open new ones. */
    @Override
    public void close() {
        clients.values().forEach(MailClient::close);
        clients.clear();
    }
}
