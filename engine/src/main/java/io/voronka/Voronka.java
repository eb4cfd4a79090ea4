package io.voronka;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.config.VoronkaConfig;
import io.voronka.kernel.rule.RuleRejected;
import org.slf4j.LoggerFactory;

/** Command line: {@code java -jar voronka.jar [--config voronka.yaml] [--port 8080] [--cluster]}. */
public final class Voronka {

    private Voronka() {
    }

    public static void main(String[] args) {
        VoronkaConfig config = ConfigLoader.load(args, System.getenv());
        // Read by logback.xml; set before the first logger exists, so the format holds from the first line.
        System.setProperty("voronka.log.format", config.logFormat());
        VoronkaServer server;
        try {
            server = VoronkaServer.start(config);
        } catch (RuleRejected e) {
            System.err.println("Voronka did not start: rule forms/" + e.describe());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Voronka.class).error("Voronka did not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "voronka-shutdown"));
    }
}
