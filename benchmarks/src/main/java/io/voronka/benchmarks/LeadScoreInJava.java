package io.voronka.benchmarks;

import java.util.Map;

/** The shipped lead-score rule written by hand: what the rule would cost if it were compiled Java. */
final class LeadScoreInJava {

    private LeadScoreInJava() {
    }

    static int score(Map<String, ?> contact) {
        int score = 0;
        if (Boolean.TRUE.equals(contact.get("decision_maker"))) {
            score += 30;
        }
        if (contact.get("budget") instanceof Number budget) {
            double amount = budget.doubleValue();
            if (amount >= 100_000) {
                score += 40;
            } else if (amount >= 10_000) {
                score += 20;
            }
        }
        if (contact.get("phone") != null) {
            score += 10;
        }
        Object source = contact.get("source");
        if ("referral".equals(source)) {
            score += 15;
        } else if ("site_form".equals(source) || "call".equals(source)) {
            score += 5;
        }
        if (Boolean.TRUE.equals(contact.get("consent_email"))) {
            score += 5;
        }
        return score;
    }
}
