package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits rule source into tokens. It accepts far less than MVEL's reader on purpose: ASCII names
 * and digits only, plain spaces, tabs and line breaks between tokens, printable characters only
 * outside string literals. Whatever it does not know is rejected with its position, so there is no
 * character that one reader could take for part of a name and another for a separator.
 */
final class RuleLexer {

    enum Kind { NAME, NUMBER, TEXT, SYMBOL, END }

    record Token(Kind kind, String text, int line, int column) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equals(symbol);
        }
    }

    /** Longest first, so that `<=` is read before `<`. */
    private static final List<String> SYMBOLS = List.of(
            "==", "!=", "<=", ">=", "&&", "||", "+=", "-=",
            "(", ")", "{", "}", ",", ";", ".", "?", ":", "!", "<", ">", "+", "-", "*", "/", "%", "=");

    private final String source;
    private final String ruleName;
    private final RuleLimits limits;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private RuleLexer(String ruleName, String source, RuleLimits limits) {
        this.ruleName = ruleName;
        this.source = source;
        this.limits = limits;
    }

    static List<Token> tokens(String ruleName, String source, RuleLimits limits) {
        if (source.length() > limits.maxSourceLength()) {
            throw new RuleRejected(ruleName, 1, 1, Message.of("rule.lex.too-long", source.length(),
                    limits.maxSourceLength()));
        }
        RuleLexer lexer = new RuleLexer(ruleName, source, limits);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == '\n') {
                newLine(pos);
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '/' && peek(1) == '/') {
                while (pos < source.length() && source.charAt(pos) != '\n') {
                    requirePrintable(source.charAt(pos), pos);
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else if (c == '\'' || c == '"') {
                text(c);
            } else if (isDigit(c)) {
                number();
            } else if (isNameStart(c)) {
                int start = pos;
                while (pos < source.length() && isNamePart(source.charAt(pos))) {
                    pos++;
                }
                add(Kind.NAME, source.substring(start, pos), start);
            } else {
                symbol(c);
            }
            if (tokens.size() > limits.maxTokens()) {
                throw reject(pos, "rule.lex.too-many-tokens", limits.maxTokens());
            }
        }
        tokens.add(new Token(Kind.END, "end of rule", line, pos - lineStart + 1));
    }

    private void blockComment() {
        // The position is taken now: by the time the comment proves unclosed, line has moved on.
        int startLine = line;
        int startColumn = pos - lineStart + 1;
        pos += 2;
        while (pos < source.length() && !(source.charAt(pos) == '*' && peek(1) == '/')) {
            char c = source.charAt(pos);
            if (c == '\n') {
                newLine(pos);
            } else {
                requirePrintable(c, pos);
            }
            pos++;
        }
        if (pos >= source.length()) {
            throw new RuleRejected(ruleName, startLine, startColumn, Message.of("rule.lex.comment-open"));
        }
        pos += 2;
    }

    private void text(char quote) {
        int start = pos;
        int startLine = line;
        int startColumn = pos - lineStart + 1;
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= source.length()) {
                throw new RuleRejected(ruleName, startLine, startColumn, Message.of("rule.lex.text-open", quote));
            }
            char c = source.charAt(pos);
            if (c == quote) {
                pos++;
                break;
            }
            if (c == '\n' || c == '\r') {
                throw reject(pos, "rule.lex.text-line");
            }
            if (c == '\\') {
                char next = peek(1);
                switch (next) {
                    case '\\', '\'', '"' -> value.append(next);
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    default -> throw reject(pos, "rule.lex.escape", next == 0 ? "" : String.valueOf(next));
                }
                pos += 2;
                continue;
            }
            if (Character.isISOControl(c)) {
                throw reject(pos, "rule.lex.text-control", String.format("%04X", (int) c));
            }
            value.append(c);
            pos++;
        }
        if (value.length() > limits.maxTextLength()) {
            throw reject(start, "rule.lex.text-long", limits.maxTextLength());
        }
        tokens.add(new Token(Kind.TEXT, value.toString(), startLine, startColumn));
    }

    private void number() {
        int start = pos;
        while (pos < source.length() && isDigit(source.charAt(pos))) {
            pos++;
        }
        if (pos < source.length() && source.charAt(pos) == '.' && isDigit(peek(1))) {
            pos++;
            while (pos < source.length() && isDigit(source.charAt(pos))) {
                pos++;
            }
        }
        if (pos < source.length() && (isNamePart(source.charAt(pos)) || source.charAt(pos) == '.')) {
            throw reject(pos, "rule.lex.number");
        }
        if (pos - start > 30) {
            throw reject(start, "rule.lex.number-long");
        }
        add(Kind.NUMBER, source.substring(start, pos), start);
    }

    private void symbol(char c) {
        for (String symbol : SYMBOLS) {
            if (source.startsWith(symbol, pos)) {
                add(Kind.SYMBOL, symbol, pos);
                pos += symbol.length();
                return;
            }
        }
        requirePrintable(c, pos);
        throw reject(pos, "rule.lex.character", describe(source.codePointAt(pos)));
    }

    /** Comments may hold any visible text; invisible and direction-changing characters never. */
    private void requirePrintable(char c, int at) {
        int type = Character.getType(c);
        boolean invisible = c != '\t' && (Character.isISOControl(c) || type == Character.FORMAT
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SPACE_SEPARATOR && c != ' '
                || type == Character.SURROGATE && !pairedSurrogate(at));
        if (invisible) {
            throw reject(at, "rule.lex.invisible", String.format("%04X", (int) c));
        }
    }

    private boolean pairedSurrogate(int at) {
        char c = source.charAt(at);
        if (Character.isHighSurrogate(c)) {
            return at + 1 < source.length() && Character.isLowSurrogate(source.charAt(at + 1));
        }
        return at > 0 && Character.isHighSurrogate(source.charAt(at - 1));
    }

    /** A whole code point, so that an emoji is named as itself rather than as half a surrogate pair. */
    private static String describe(int c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) || Character.getType(c) == Character.NON_SPACING_MARK
                ? String.format("U+%04X", c) : Character.toString(c);
    }

    private void add(Kind kind, String text, int start) {
        tokens.add(new Token(kind, text, line, start - lineStart + 1));
    }

    private void newLine(int at) {
        line++;
        lineStart = at + 1;
    }

    private char peek(int ahead) {
        int at = pos + ahead;
        return at < source.length() ? source.charAt(at) : 0;
    }

    private RuleRejected reject(int at, String key, Object... args) {
        return new RuleRejected(ruleName, line, at - lineStart + 1, Message.of(key, args));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
