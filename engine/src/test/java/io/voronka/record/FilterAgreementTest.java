package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The SQL a filter compiles to selects exactly the records on which the interpreter gives true:
 * random contacts and deals (missing values, unicode texts, decimals, dates, links both ways)
 * against random well-typed filters, on whichever database the suite runs on.
 */
class FilterAgreementTest {

    private static final long DATA_SEED = 20261124L;
    private static final int CONTACTS = 150;
    private static final int DEALS = 300;
    private static FilterWorld world;
    private static final List<String> TEXTS = List.of("Казань", "казань", "Казань ", " Анна", "anna", "Anna",
            "100%", "a_b", "x!y", "it's", "' OR 1=1 --", "", "   ", "\t", "ß", "SS", "İstanbul", "ΟΔΟΣ", "😀", "😀x",
            "\uE000", "ﬁ", "e\u0301", "é", "  pad", "pad  ", "\u2003", "Москва", "null");

    @BeforeContainer
    static void seed() {
        world = new FilterWorld();
        Random random = new Random(DATA_SEED);
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            Map<String, Object> c = new HashMap<>();
            c.put("id", "c" + i);
            c.put("first_name", maybe(random, text(random)));
            c.put("city", maybe(random, text(random)));
            c.put("email", maybe(random, "u" + i + (random.nextBoolean() ? "@corp.ru" : "@mail.ru")));
            c.put("gender", maybe(random, random.nextBoolean() ? "female" : "male"));
            c.put("birth_date", maybe(random, date(random)));
            c.put("vip", maybe(random, random.nextBoolean()));
            c.put("budget", maybe(random, decimal(random)));
            c.put("score", maybe(random, (long) random.nextInt(201) - 100));
            contacts.add(c);
        }
        world.insert("contact", contacts);
        List<Map<String, Object>> deals = new ArrayList<>();
        for (int i = 0; i < DEALS; i++) {
            Map<String, Object> d = new HashMap<>();
            d.put("id", "d" + i);
            d.put("title", maybe(random, text(random)));
            d.put("contact_id", random.nextInt(5) == 0 ? null : "c" + random.nextInt(CONTACTS));
            d.put("amount", maybe(random, decimal(random)));
            d.put("stage", maybe(random, List.of("new", "won", "lost").get(random.nextInt(3))));
            d.put("closed_on", maybe(random, date(random)));
            d.put("paid", maybe(random, random.nextBoolean()));
            d.put("quantity", maybe(random, (long) random.nextInt(21) - 5));
            deals.add(d);
        }
        world.insert("deal", deals);
    }

    static FilterWorld world() {
        return world;
    }

    @AfterContainer
    static void close() {
        world.close();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 200, seed = "7315")
    void contactFiltersSelectWhatTheInterpreterAccepts(@ForAll("seeds") long seed) {
        String filter = new FilterGenerator(new Random(seed), true).condition(0);
        Set<String> selected = world.sqlIds("contact", filter);
        assertThat(selected).as(filter).containsExactlyInAnyOrderElementsOf(world.interpretedIds("contact", filter));
        Statistics.collect(selected.isEmpty() ? "none" : selected.size() == CONTACTS ? "all" : "some");
        Statistics.coverage(coverage -> coverage.check("some").percentage(p -> p > 30));
    }

    @Property(tries = 200, seed = "9071")
    void dealFiltersSelectWhatTheInterpreterAccepts(@ForAll("seeds") long seed) {
        String filter = new FilterGenerator(new Random(seed), false).condition(0);
        Set<String> selected = world.sqlIds("deal", filter);
        assertThat(selected).as(filter).containsExactlyInAnyOrderElementsOf(world.interpretedIds("deal", filter));
        Statistics.collect(selected.isEmpty() ? "none" : selected.size() == DEALS ? "all" : "some");
        Statistics.coverage(coverage -> coverage.check("some").percentage(p -> p > 30));
    }

    private static Object maybe(Random random, Object value) {
        return random.nextInt(5) == 0 ? null : value;
    }

    private static String text(Random random) {
        if (random.nextInt(4) == 0) {
            StringBuilder mixed = new StringBuilder();
            for (int i = random.nextInt(6); i > 0; i--) {
                mixed.append(TEXTS.get(random.nextInt(TEXTS.size())));
            }
            return mixed.toString();
        }
        return TEXTS.get(random.nextInt(TEXTS.size()));
    }

    private static BigDecimal decimal(Random random) {
        return BigDecimal.valueOf(random.nextLong(-200_000, 2_000_000), random.nextInt(5));
    }

    private static LocalDate date(Random random) {
        return LocalDate.of(2026, 5, 15).plusDays(random.nextInt(-20_000, 400));
    }

    /** Random well-typed filters over contacts (with their deals) or deals (with their contact). */
    static final class FilterGenerator {

        private final Random random;
        private final boolean onContacts;
        private boolean insideAny;

        FilterGenerator(Random random, boolean onContacts) {
            this.random = random;
            this.onContacts = onContacts;
        }

        private boolean contactScope() {
            return onContacts && !insideAny;
        }

        private <T> T pick(List<T> options) {
            return options.get(random.nextInt(options.size()));
        }

        String condition(int depth) {
            int choice = random.nextInt(depth > 3 ? 6 : 16);
            return switch (choice) {
                case 0 -> booleanField();
                case 1 -> value(pick(List.of("number", "text", "date", "boolean")), depth + 1)
                        + pick(List.of(" == null", " != null"));
                case 2 -> number(depth + 1) + pick(List.of(" > ", " < ", " >= ", " <= ", " == ", " != ")) + number(depth + 1);
                case 3 -> text(depth + 1) + pick(List.of(" == ", " != ")) + text(depth + 1);
                case 4 -> date(depth + 1) + pick(List.of(" > ", " < ", " == ", " != ", " <= ")) + date(depth + 1);
                case 5 -> pick(List.of("contains", "startsWith", "endsWith")) + "(" + text(depth + 1) + ", "
                        + quoted(pick(List.of("", "a", "%", "_", "!", "Ка", "😀", "' OR 1=1 --", " ", "ß", "100%"))) + ")";
                case 6 -> "(" + condition(depth + 1) + " && " + condition(depth + 1) + ")";
                case 7 -> "(" + condition(depth + 1) + " || " + condition(depth + 1) + ")";
                case 8 -> "!" + "(" + condition(depth + 1) + ")";
                case 9 -> "(" + condition(depth + 1) + " ? " + condition(depth + 1) + " : " + condition(depth + 1) + ")";
                case 10 -> "isEmpty(" + value(pick(List.of("number", "text", "date", "boolean")), depth + 1) + ")";
                case 11 -> enumTest();
                case 12 -> booleanValue(depth + 1) + pick(List.of(" == ", " != ")) + booleanValue(depth + 1);
                case 13 -> contactScope() ? "any(deals, " + inside(depth) + ")" : condition(depth);
                case 14 -> "coalesce(" + booleanValue(depth + 1) + ", " + booleanValue(depth + 1) + ")";
                default -> pick(List.of("true", "false", "null"));
            };
        }

        private String inside(int depth) {
            insideAny = true;
            String inner = condition(depth + 1);
            insideAny = false;
            return inner;
        }

        private String booleanValue(int depth) {
            return switch (random.nextInt(depth > 3 ? 2 : 4)) {
                case 0 -> booleanField();
                case 1 -> pick(List.of("true", "false", "null"));
                case 2 -> "(" + condition(depth + 1) + " ? " + booleanValue(depth + 1) + " : " + booleanValue(depth + 1) + ")";
                default -> "(" + condition(depth + 1) + ")";
            };
        }

        private String booleanField() {
            if (contactScope()) {
                return "vip";
            }
            if (onContacts) {
                return "paid";
            }
            return pick(List.of("paid", "contact.vip"));
        }

        private String enumTest() {
            if (contactScope()) {
                return "gender " + pick(List.of("==", "!=")) + " " + quoted(pick(List.of("female", "male")));
            }
            return "stage " + pick(List.of("==", "!=")) + " " + quoted(pick(List.of("new", "won", "lost")));
        }

        private String value(String type, int depth) {
            return switch (type) {
                case "number" -> number(depth);
                case "text" -> text(depth);
                case "date" -> date(depth);
                default -> booleanValue(depth);
            };
        }

        String number(int depth) {
            int choice = random.nextInt(depth > 3 ? 3 : 15);
            return switch (choice) {
                case 0 -> numberField();
                case 1 -> numberLiteral();
                case 2 -> random.nextInt(8) == 0 ? "null" : numberField();
                case 3 -> "(" + number(depth + 1) + pick(List.of(" + ", " - ")) + number(depth + 1) + ")";
                case 4 -> "(" + number(depth + 1) + " * " + numberLiteral() + ")";
                case 5 -> "-" + number(depth + 1);
                case 6 -> "(" + condition(depth + 1) + " ? " + number(depth + 1) + " : " + number(depth + 1) + ")";
                case 7 -> pick(List.of("coalesce", "min", "max")) + "(" + number(depth + 1) + ", " + number(depth + 1) + ")";
                case 8 -> "round(" + number(depth + 1) + (random.nextBoolean() ? ", " + random.nextInt(4) : "") + ")";
                case 9 -> pick(List.of("floor", "ceil", "abs")) + "(" + number(depth + 1) + ")";
                case 10 -> "(" + pick(List.of("7 % 3", "-7.5 % 2", "1 / 3", "2 / 8")) + ")";
                case 11 -> pick(List.of("daysSince", "daysUntil", "year", "month", "day")) + "(" + date(depth + 1) + ")";
                case 12 -> contactScope() ? "count(deals" + (random.nextBoolean() ? ", " + inside(depth) : "") + ")" : numberField();
                case 13 -> numberField() + " * " + numberLiteral();
                default -> numberLiteral();
            };
        }

        private String numberField() {
            if (contactScope()) {
                return pick(List.of("budget", "score"));
            }
            if (onContacts) {
                return pick(List.of("amount", "quantity"));
            }
            return pick(List.of("amount", "quantity", "contact.budget", "contact.score"));
        }

        private String numberLiteral() {
            return pick(List.of("0", "1", "700", "2.5", "0.0001", "1000000", "100", "3.14159", "20"));
        }

        String text(int depth) {
            int choice = random.nextInt(depth > 3 ? 2 : 7);
            return switch (choice) {
                case 0 -> textField();
                case 1 -> random.nextInt(6) == 0 ? "null" : quoted(TEXTS.get(random.nextInt(TEXTS.size())));
                case 2 -> "(" + text(depth + 1) + " + " + text(depth + 1) + ")";
                case 3 -> "(" + condition(depth + 1) + " ? " + text(depth + 1) + " : " + text(depth + 1) + ")";
                case 4 -> "coalesce(" + text(depth + 1) + ", " + text(depth + 1) + ")";
                case 5 -> "concat(" + text(depth + 1) + ", " + text(depth + 1) + ")";
                default -> textField();
            };
        }

        private String textField() {
            if (contactScope()) {
                return pick(List.of("first_name", "city", "email"));
            }
            if (onContacts) {
                return pick(List.of("title", "contact_id"));
            }
            return pick(List.of("title", "contact_id", "contact.city", "contact.first_name"));
        }

        String date(int depth) {
            int choice = random.nextInt(depth > 3 ? 2 : 6);
            return switch (choice) {
                case 0 -> dateField();
                case 1 -> pick(List.of("today()", "date('2026-05-15')", "date('1990-01-01')", "null"));
                case 2 -> "addDays(" + date(depth + 1) + ", " + pick(List.of("1", "-30", "365", "2.7")) + ")";
                case 3 -> "(" + condition(depth + 1) + " ? " + date(depth + 1) + " : " + date(depth + 1) + ")";
                case 4 -> "coalesce(" + date(depth + 1) + ", " + date(depth + 1) + ")";
                default -> dateField();
            };
        }

        private String dateField() {
            if (contactScope()) {
                return "birth_date";
            }
            if (onContacts) {
                return "closed_on";
            }
            return pick(List.of("closed_on", "contact.birth_date"));
        }

        private static String quoted(String text) {
            return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t") + "'";
        }
    }
}
