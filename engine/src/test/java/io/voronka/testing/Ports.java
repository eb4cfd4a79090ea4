package io.voronka.testing;

import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for the servers a test starts beside Voronka (an SMTP sink, a port nobody answers on). */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago; nothing listens on it until the test starts something there. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
