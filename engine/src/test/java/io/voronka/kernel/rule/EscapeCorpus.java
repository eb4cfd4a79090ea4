package io.voronka.kernel.rule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The escape corpus of src/test/resources/rules/escape-corpus.txt: attempts to get out of the rule
 * language or past its budget, each with what the sandbox must do with it. The file's header says
 * how entries, expectations and placeholders are written.
 */
public final class EscapeCorpus {

    public enum Expected { REJECTED, VALUE, BUDGET, FAILED }

    /** One attempt, with its placeholders already filled in. */
    public record Entry(String category, String name, Expected expected, String source) {
        @Override
        public String toString() {
            return category + "/" + name;
        }
    }

    private static final Pattern HEADER = Pattern.compile("%% ([a-z0-9-]+)/([a-z0-9-]+) \\| (rejected|value|budget|failed)");
    private static final Pattern CODE_POINT = Pattern.compile("\\{\\{U\\+([0-9A-F]{4,6})}}");
    private static final Pattern REPEAT = Pattern.compile("\\{\\{repeat (\\d+) ");

    private EscapeCorpus() {
    }

    /** Every entry, with placeholders such as {@code ${MARKER}} replaced by the given values. */
    public static List<Entry> load(Map<String, String> placeholders) {
        List<Entry> entries = new ArrayList<>();
        String[] header = null;
        List<String> lines = new ArrayList<>();
        for (String line : read().split("\n", -1)) {
            Matcher start = HEADER.matcher(line);
            if (start.matches()) {
                if (header != null) {
                    entries.add(entry(header, lines, placeholders));
                }
                header = new String[] {start.group(1), start.group(2), start.group(3)};
                lines.clear();
            } else if (line.startsWith("%%")) {
                throw new IllegalStateException("malformed corpus header: " + line);
            } else if (header != null) {
                lines.add(line);
            }
        }
        if (header != null) {
            entries.add(entry(header, lines, placeholders));
        }
        return entries;
    }

    private static Entry entry(String[] header, List<String> lines, Map<String, String> placeholders) {
        List<String> body = new ArrayList<>(lines);
        while (!body.isEmpty() && body.getLast().isEmpty() && body.size() > 1) {
            body.removeLast();
        }
        String source = expand(String.join("\n", body));
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            source = source.replace("${" + p.getKey() + "}", p.getValue());
        }
        return new Entry(header[0], header[1], Expected.valueOf(header[2].toUpperCase(java.util.Locale.ROOT)), source);
    }

    /** {@code {{repeat N text}}} closes at the last brace of its run, so the text itself may end in '}'. */
    static String expand(String source) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        Matcher repeat = REPEAT.matcher(source);
        while (repeat.find(at)) {
            int textStart = repeat.end();
            int close = source.indexOf("}}", textStart + 1);
            if (close < 0) {
                throw new IllegalStateException("unclosed {{repeat in corpus entry: " + source);
            }
            while (close + 2 < source.length() && source.charAt(close + 2) == '}') {
                close++;
            }
            out.append(codePoints(source.substring(at, repeat.start())));
            out.append(codePoints(source.substring(textStart, close)).repeat(Integer.parseInt(repeat.group(1))));
            at = close + 2;
        }
        out.append(codePoints(source.substring(at)));
        return out.toString();
    }

    private static String codePoints(String text) {
        return CODE_POINT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                new String(Character.toChars(Integer.parseInt(m.group(1), 16)))));
    }

    private static String read() {
        try (InputStream in = EscapeCorpus.class.getResourceAsStream("/rules/escape-corpus.txt")) {
            if (in == null) {
                throw new IllegalStateException("rules/escape-corpus.txt is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
