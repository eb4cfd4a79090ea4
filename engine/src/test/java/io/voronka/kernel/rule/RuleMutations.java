package io.voronka.kernel.rule;

import java.util.List;
import java.util.Random;

/**
 * Random edits of a rule: characters inserted, deleted or replaced, tokens of the grammar and of
 * MVEL, OGNL, SpEL and EL spliced in, slices of the escape corpus pasted in. Characters come from
 * the places where two readers of the same text have disagreed: non-ASCII letters and digits,
 * controls, invisible and direction-changing characters, lone surrogates.
 */
final class RuleMutations {

    private static final String[] TOKENS = {
            "(", ")", "{", "}", "[", "]", ";", ";;", ",", ".", ".?", "?", ":", "=", "==", "!=", "+=", "-=", "++", "--",
            "&&", "||", "!", "&", "|", "^", "~", "<<", ">>>", "**", "->", "=>", "::", "@", "#", "$", "${", "#{", "@{",
            "'", "\"", "\\", "\\u0052", "`", "/*", "*/", "//", "\n", "\t", " ", "0", "1.5", "1e9", "0x1F", "1L",
            "99999999999999999999999999999", "null", "nil", "empty", "true", "new", "def", "import", "with", "isdef",
            "for", "while", "do", "until", "foreach", "in", "if", "else", "return", "this", "class", "getClass()",
            "forName", "Runtime", "System", "T(java.lang.Runtime)", "java.lang.System", "exec", "budget", "email",
            "source", "deals", "contact", "any(deals, amount > 1)", "count(deals)", "lower(", "today()", "'referral'"};

    private static final int[][] RANGES = {
            {0x20, 0x7E}, {0x20, 0x7E}, {0x20, 0x7E}, {0x00, 0x1F}, {0x7F, 0x9F}, {0x200B, 0x200F}, {0x202A, 0x202E},
            {0x2060, 0x2069}, {0xFEFF, 0xFEFF}, {0x00A0, 0x00AD}, {0x2000, 0x200A}, {0x2028, 0x2029}, {0x3000, 0x3000},
            {0xFF01, 0xFF5E}, {0x0660, 0x0669}, {0x06F0, 0x06F9}, {0x0966, 0x096F}, {0x0400, 0x04FF}, {0x0300, 0x036F},
            {0x0370, 0x03FF}, {0xD800, 0xDFFF}, {0xE000, 0xE0FF}, {0x1D400, 0x1D4FF}, {0x1F600, 0x1F64F}};

    private RuleMutations() {
    }

    static String mutate(String rule, Random random, List<String> corpus) {
        StringBuilder text = new StringBuilder(rule);
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> text.insert(at, character(random));
                case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(5)));
                case 2 -> {
                    if (at < text.length()) {
                        text.replace(at, at + 1, character(random));
                    }
                }
                case 3, 4 -> text.insert(at, token(random));
                default -> {
                    String fragment = corpus.get(random.nextInt(corpus.size()));
                    int from = random.nextInt(fragment.length() + 1);
                    text.insert(at, fragment, from, Math.min(fragment.length(), from + 1 + random.nextInt(30)));
                }
            }
        }
        return text.toString();
    }

    static String token(Random random) {
        return TOKENS[random.nextInt(TOKENS.length)];
    }

    static String character(Random random) {
        int[] range = RANGES[random.nextInt(RANGES.length)];
        return new String(Character.toChars(range[0] + random.nextInt(range[1] - range[0] + 1)));
    }
}
