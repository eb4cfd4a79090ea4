package io.voronka.testing;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A node that sends real email to a GreenMail SMTP server of its own, on a free port: the email
 * plugin configured for it with the given sender, the admin and the named managers signed in
 * ({@link SignedInServer}). Registered as
 * {@code @RegisterExtension static final MailingNode node = MailingNode.sendingAs("hello@voronka.test");}.
 * GreenMail keeps its own lifecycle (started for each test, its mailbox empty), the node lives for
 * the class.
 */
public final class MailingNode implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final int smtpPort = Ports.freePort();
    private final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private final SignedInServer node;

    private MailingNode(String from, String... managers) {
        node = SignedInServer.withManagers(managers).configured(TestServer.smtpAt(smtpPort, "plugin.email.from", from));
    }

    /** A node whose emails come from {@code from}, with managers of these usernames. */
    public static MailingNode sendingAs(String from, String... managers) {
        return new MailingNode(from, managers);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        smtp.beforeAll(context);
        node.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        smtp.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        smtp.afterEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            node.afterAll(context);
        } finally {
            smtp.afterAll(context);
        }
    }

    public int smtpPort() {
        return smtpPort;
    }

    public TestServer server() {
        return node.server();
    }

    public ApiClient admin() {
        return node.admin();
    }

    public ApiClient manager(String username) {
        return node.manager(username);
    }

    /** Every email received so far, oldest first. */
    public List<MimeMessage> mails() {
        return Arrays.asList(smtp.getReceivedMessages());
    }

    /** The first email with this subject, or null. */
    public MimeMessage mailWithSubject(String subject) {
        return mails().stream().filter(m -> subject.equals(subjectOf(m))).findFirst().orElse(null);
    }

    /** The emails whose Message-ID is {@code messageId}. */
    public List<MimeMessage> mailsWithId(String messageId) {
        return mails().stream().filter(m -> Objects.equals(messageId, header(m))).toList();
    }

    /** The subject, or "" when it cannot be read (so a filter passes over such a message). */
    public static String subjectOf(MimeMessage message) {
        try {
            return Objects.requireNonNullElse(message.getSubject(), "");
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String header(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
