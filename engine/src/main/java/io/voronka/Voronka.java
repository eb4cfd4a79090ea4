package io.voronka;

import io.voronka.config.ConfigLoader;
import io.voronka.config.VoronkaConfig;
import io.voronka.rule.RuleRejected;

/** Command line: {@code java -jar voronka.jar [--config voronka.yaml] [--port 8080] [--cluster]}. */
public final class Voronka {

    private Voronka() {
    }

    public static void main(String[] args) {
        VoronkaConfig config = ConfigLoader.load(args, System.getenv());
        VoronkaServer server;
        try {
            server = VoronkaServer.start(config);
        } catch (RuleRejected e) {
            System.err.println("Voronka did not start: rule forms/" + e.describe());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("Voronka did not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "voronka-shutdown"));
    }
}
