package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;
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
            "lower", "rule.filter.why.case",
            "upper", "rule.filter.why.case",
            "equalsIgnoreCase", "rule.filter.why.case-ignore",
            "trim", "rule.filter.why.trim",
            "length", "rule.filter.why.length",
            "age", "rule.filter.why.age",
            "birthdayWithin", "rule.filter.why.birthday",
            "date", "rule.filter.why.date",
            "now", "rule.filter.why.now");

    private FilterRefusals() {
    }

    static RuleRejected refuse(CheckedRule rule, Position at, Message message) {
        return new RuleRejected(rule.name(), at.line(), at.column(), message);
    }

    static RuleRejected function(CheckedRule rule, Call call) {
        String name = RuleFunctions.find(call.function()).map(RuleFunctions.Function::name).orElse(call.function());
        String why = FUNCTIONS.getOrDefault(name, "rule.filter.why.no-sql");
        return refuse(rule, call.at(), Message.of("rule.filter.function", name, Message.of(why)));
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
