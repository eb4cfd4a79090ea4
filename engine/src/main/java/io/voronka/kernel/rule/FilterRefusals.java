package io.voronka.kernel.rule;

import io.voronka.kernel.rule.RuleTree.Call;
import io.voronka.kernel.rule.RuleTree.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the rule language can say but a filter cannot, and why: each of these would give a
 * different answer in the database than in the interpreter on some records, and a filter that
 * quietly disagrees with the rule it was written as is worse than one refused at the start.
 */
final class FilterRefusals {

    /** The characters Java's {@code isBlank} and {@code strip} skip, spelled out for SQL. */
    static final List<String> WHITESPACE = whitespace();

    private static final Map<String, String> FUNCTIONS = Map.of(
            "lower", "the database maps the case of some letters (ß, İ, final σ) differently from the rule language",
            "upper", "the database maps the case of some letters (ß, İ, final σ) differently from the rule language",
            "equalsIgnoreCase", "the database maps the case of some letters differently from the rule language",
            "trim", "the database trims only spaces, the rule language all white space",
            "length", "H2 counts an emoji as two characters, the rule language as one",
            "age", "the databases count whole years around 29 February differently",
            "birthdayWithin", "it has no single SQL form on both databases",
            "date", "in filters date() takes a date written in the filter, such as date('2026-04-01')",
            "now", "it is only comparable with another now()");

    private FilterRefusals() {
    }

    static RuleRejected refuse(CheckedRule rule, Position at, String message) {
        return new RuleRejected(rule.name(), at.line(), at.column(), message);
    }

    static RuleRejected function(CheckedRule rule, Call call) {
        String name = RuleFunctions.find(call.function()).map(RuleFunctions.Function::name).orElse(call.function());
        String why = FUNCTIONS.getOrDefault(name, "it has no SQL form");
        return refuse(rule, call.at(), name + " is not available in filters: " + why);
    }

    private static List<String> whitespace() {
        List<String> spaces = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (Character.isWhitespace(c)) {
                spaces.add(String.valueOf((char) c));
            }
        }
        return List.copyOf(spaces);
    }
}
