package io.voronka.benchmarks;

import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.record.EntityCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The forms, rules and BPMN the engine ships, read from its jar so every benchmark runs exactly those. */
final class ShippedContent {

    static final String LEAD_SCORE_RULE = "forms/rules/lead-score.mvel";
    static final String CONTACT_FORM = "forms/contact.json";
    static final String LEAD_INTAKE_BPMN = "process-definitions/lead-intake.bpmn20.xml";

    private ShippedContent() {
    }

    /** The shipped contact and deal definitions with the rules they call: what the list and search benchmarks query. */
    static EntityCatalog contactsAndDeals() {
        return EntityCatalog.load(Map.of(
                "contact.json", read("forms/contact.json"),
                "deal.json", read("forms/deal.json"),
                "rules/lead-score.mvel", read("forms/rules/lead-score.mvel"),
                "rules/warmth.mvel", read("forms/rules/warmth.mvel")), new RuleSandbox());
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
