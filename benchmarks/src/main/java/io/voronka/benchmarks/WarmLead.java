package io.voronka.benchmarks;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contact every benchmark feeds in: a decision maker from the site form with a mid-sized budget
 * and a phone, but no email consent. The shipped lead-score rule gives it 30 + 20 + 10 + 5 = 65
 * points, warmth calls that "warm", and the lead-intake gateway sends a warm lead down its default
 * flow, so each process starts and ends within the transaction that starts it, on either side.
 */
final class WarmLead {

    static final long SCORE = 65;
    static final String WARMTH = "warm";

    private WarmLead() {
    }

    /** Contact number {@code i} as the record holds it when its rules run: every field, typed, null when empty. */
    static Map<String, Object> fields(int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("last_name", "Ivanova");
        fields.put("first_name", "Anna " + i);
        fields.put("patronymic", null);
        fields.put("phone", String.format("+7916%07d", i % 10_000_000));
        fields.put("email", "anna.ivanova." + i + "@example.com");
        fields.put("gender", "female");
        fields.put("birth_date", LocalDate.of(1988, 4, 12));
        fields.put("consent_email", false);
        fields.put("consent_sms", false);
        fields.put("source", "site_form");
        fields.put("utm_source", "yandex");
        fields.put("utm_medium", "cpc");
        fields.put("utm_campaign", "spring-sale");
        fields.put("landing_url", "https://example.com/offer?utm_source=yandex");
        fields.put("decision_maker", true);
        fields.put("budget", new BigDecimal("50000"));
        fields.put("responsible_manager", null);
        fields.put("score", null);
        fields.put("warmth", null);
        return fields;
    }

    /** What a client posts: the fields it sets, in JSON's types. */
    static Map<String, Object> postedValues(int i) {
        Map<String, Object> posted = new LinkedHashMap<>();
        fields(i).forEach((name, value) -> {
            if (value instanceof LocalDate date) {
                posted.put(name, date.toString());
            } else if (value != null) {
                posted.put(name, value);
            }
        });
        return posted;
    }

    /**
     * The variables Voronka's dispatcher hands to lead-intake for this contact (see ProcessVariables):
     * every field with its computed values filled in, decimals as doubles, plus the record's identity.
     */
    static Map<String, Object> processVariables(int i, String recordId) {
        Map<String, Object> variables = fields(i);
        variables.put("budget", ((BigDecimal) variables.get("budget")).doubleValue());
        variables.put("score", SCORE);
        variables.put("warmth", WARMTH);
        // What the record holds beyond what is posted: its rollups over deals (none yet) and the
        // fields later processes keep on it (the birthday greeting's year, the win-back date).
        variables.put("deals_won", 0L);
        variables.put("ltv", 0.0);
        variables.put("last_purchase", null);
        variables.put("average_check", null);
        variables.put("birthday_greeted_year", null);
        variables.put("winback_on", null);
        variables.put("recordId", recordId);
        variables.put("entity", "contact");
        return variables;
    }
}
