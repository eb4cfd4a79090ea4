package io.voronka.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits MVEL source into the tokens the sandbox judges: names (with whether a dot precedes them
 * and whether a call or an assignment follows) and stray symbols. String literals and comments are
 * skipped, so a forbidden word inside a string is harmless text, not code.
 */
final class RuleSource {

    enum Kind { NAME, SYMBOL }

    record Token(Kind kind, String text, int line, int column, boolean afterDot, boolean beforeCall,
                 boolean beforeAssignment) {
    }

    private RuleSource() {
    }

    static List<Token> tokens(String source) {
        List<Token> raw = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
            } else if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c) {
                    if (source.charAt(end) == '\\') {
                        end++;
                    }
                    if (end < n && source.charAt(end) == '\n') {
                        line++;
                        lineStart = end + 1;
                    }
                    end++;
                }
                i = end + 1;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (int k = i; k < end; k++) {
                    if (source.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = end;
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '.'
                        || source.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(source.charAt(i))) {
                    i++;
                }
                boolean afterDot = !raw.isEmpty() && raw.getLast().kind() == Kind.SYMBOL && raw.getLast().text().equals(".")
                        && previousNonSpace(source, start) == '.';
                raw.add(new Token(Kind.NAME, source.substring(start, i), line, start - lineStart + 1,
                        afterDot, nextNonSpace(source, i) == '(',
                        isAssignment(source, i)));
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                raw.add(new Token(Kind.SYMBOL, String.valueOf(c), line, i - lineStart + 1, false, false, false));
                i++;
            }
        }
        return raw;
    }

    private static char previousNonSpace(String s, int from) {
        for (int k = from - 1; k >= 0; k--) {
            if (!Character.isWhitespace(s.charAt(k))) {
                return s.charAt(k);
            }
        }
        return 0;
    }

    private static char nextNonSpace(String s, int from) {
        for (int k = from; k < s.length(); k++) {
            if (!Character.isWhitespace(s.charAt(k))) {
                return s.charAt(k);
            }
        }
        return 0;
    }

    /** `x = ...`, `x += ...` but not `x == ...`. */
    private static boolean isAssignment(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
            k++;
        }
        if (k >= s.length()) {
            return false;
        }
        char c = s.charAt(k);
        if (c == '=') {
            return k + 1 >= s.length() || s.charAt(k + 1) != '=';
        }
        return (c == '+' || c == '-' || c == '*' || c == '/') && k + 1 < s.length() && s.charAt(k + 1) == '=';
    }
}
