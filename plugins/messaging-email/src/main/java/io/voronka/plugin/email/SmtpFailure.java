package io.voronka.plugin.email;

import io.vertx.ext.mail.SMTPException;
import io.voronka.plugin.api.ActionFailure;
import java.util.Set;

/**
 * Turns what the Vert.x mail client reports into the engine's two kinds of failure. The client fails
 * with {@link SMTPException} (carrying the reply code) when the server answers with an error, and
 * with plain exceptions for everything below SMTP: refused connections, timeouts, closed sockets.
 */
final class SmtpFailure {

    static final String REJECTED = "email_rejected";

    /**
     * RFC 4954 authentication replies: permanent, but they mean our credentials are wrong, not that
     * this email is; retrying until an incident shows the operator the problem.
     */
    private static final Set<Integer> AUTHENTICATION_REPLIES = Set.of(530, 534, 535, 538);

    private SmtpFailure() {
    }

    static ActionFailure classify(Throwable error) {
        if (error instanceof ActionFailure failure) {
            return failure;
        }
        if (error instanceof SMTPException smtp
                && smtp.isPermanent()
                && !AUTHENTICATION_REPLIES.contains(smtp.getReplyCode())) {
            return ActionFailure.business(REJECTED, "SMTP server rejected the email: " + smtp.getMessage());
        }
        return ActionFailure.transientFailure("Email not sent, may succeed on retry: " + describe(error), error);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }
}
