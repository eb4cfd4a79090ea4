package io.voronka.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The forms, rules and BPMN the engine ships, read from its jar so every benchmark runs exactly those. */
final class ShippedContent {

    static final String LEAD_SCORE_RULE = "forms/rules/lead-score.mvel";
    static final String CONTACT_FORM = "forms/contact.json";
    static final String LEAD_INTAKE_BPMN = "process-definitions/lead-intake.bpmn20.xml";

    private ShippedContent() {
    }

    static String read(String path) {
        try (InputStream in = ShippedContent.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path; is voronka-engine?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
