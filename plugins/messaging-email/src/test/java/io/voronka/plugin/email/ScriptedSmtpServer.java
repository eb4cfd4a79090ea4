package io.voronka.plugin.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.Locale;

/**
 * A few lines of SMTP server for replies GreenMail never gives: it answers RCPT TO with a chosen
 * reply and accepts everything else.
 */
final class ScriptedSmtpServer {

    private ScriptedSmtpServer() {
    }

    static Future<NetServer> answeringRecipientsWith(Vertx vertx, String rcptReply) {
        return vertx.createNetServer()
                .connectHandler(socket -> converse(socket, rcptReply))
                .listen(0, "127.0.0.1");
    }

    /** Accepts connections and never says a word, like a server stuck behind a firewall. */
    static Future<NetServer> silent(Vertx vertx) {
        return vertx.createNetServer().connectHandler(socket -> { }).listen(0, "127.0.0.1");
    }

    private static void converse(NetSocket socket, String rcptReply) {
        boolean[] inData = {false};
        socket.handler(RecordParser.newDelimited("\r\n", line -> {
            String command = line.toString().toUpperCase(Locale.ROOT);
            if (inData[0]) {
                if (command.equals(".")) {
                    inData[0] = false;
                    reply(socket, "250 OK");
                }
            } else if (command.startsWith("RCPT")) {
                reply(socket, rcptReply);
            } else if (command.startsWith("DATA")) {
                inData[0] = true;
                reply(socket, "354 go ahead");
            } else if (command.startsWith("QUIT")) {
                reply(socket, "221 bye");
                socket.close();
            } else {
                reply(socket, "250 OK");
            }
        }));
        reply(socket, "220 scripted ESMTP");
    }

    private static void reply(NetSocket socket, String line) {
        socket.write(line + "\r\n");
    }
}
