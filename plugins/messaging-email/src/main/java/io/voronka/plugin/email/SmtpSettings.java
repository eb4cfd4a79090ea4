package io.voronka.plugin.email;

import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.voronka.plugin.api.PluginConfig;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The SMTP server an action talks to, read from the plugin configuration in one place. */
record SmtpSettings(String host, int port, String username, String password, StartTLSOptions starttls,
                    int timeoutSeconds) {

    static SmtpSettings from(PluginConfig config) {
        return new SmtpSettings(
                config.get("smtp.host", "localhost"),
                config.getInt("smtp.port", 25),
                config.get("smtp.username").filter(s -> !s.isBlank()).orElse(null),
                config.get("smtp.password").orElse(null),
                StartTLSOptions.valueOf(config.get("smtp.starttls", "OPTIONAL").trim().toUpperCase(Locale.ROOT)),
                config.getInt("smtp.timeoutSeconds", 30));
    }

    MailConfig toMailConfig() {
        MailConfig mail = new MailConfig()
                .setHostname(host)
                .setPort(port)
                .setStarttls(starttls)
                .setLogin(username == null ? LoginOption.NONE : LoginOption.REQUIRED)
                .setUsername(username)
                .setPassword(password);
        // The client's default idle timeout is none, so a server that stops answering would hold the
        // step forever; the socket is closed after this long without traffic.
        mail.setConnectTimeout((int) TimeUnit.SECONDS.toMillis(timeoutSeconds));
        mail.setIdleTimeout(timeoutSeconds);
        mail.setIdleTimeoutUnit(TimeUnit.SECONDS);
        return mail;
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + (username == null ? "" : username + "@") + host + ":" + port
                + ", starttls=" + starttls + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
