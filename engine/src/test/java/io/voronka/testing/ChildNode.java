package io.voronka.testing;

import io.voronka.VoronkaServer;
import io.voronka.kernel.config.ConfigLoader;
import java.util.HashMap;
import java.util.Map;

/** A whole Voronka node for {@link NodeProcess}: {@code key=value} arguments, prints {@code READY <port>}. */
public final class ChildNode {

    private ChildNode() {
    }

    public static void main(String[] args) {
        VoronkaServer server = VoronkaServer.start(ConfigLoader.fromMap(keys(args)));
        System.out.println("READY " + server.port());
        System.out.flush();
    }

    public static Map<String, String> keys(String[] args) {
        Map<String, String> keys = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            keys.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return keys;
    }
}
