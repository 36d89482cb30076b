package org.colombier.sieve.syntax;

import java.util.ArrayList;
import java.util.List;
import org.colombier.sieve.SieveSyntaxException;

/** Turns script text into tokens (RFC 5228 section 8.1), tracking line and column for every token. */
final class Lexer {
    private final String src;
    private final String scriptName;
    private int pos;
    private int line = 1;
    private int lineStart;

    Lexer(String src, String scriptName) {
        this.src = src;
        this.scriptName = scriptName;
    }

    List<Token> tokenize() {
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = next();
            tokens.add(t);
        } while (t.kind() != Token.Kind.EOF);
        return tokens;
    }

    private Position here() {
        return new Position(line, pos - lineStart + 1);
    }

    private SieveSyntaxException error(Position p, String message) {
        return new SieveSyntaxException(scriptName, p.line(), p.column(), message);
    }

    private void newline() {
        line++;
        lineStart = pos;
    }

    private Token next() {
        skipWhitespaceAndComments();
        Position start = here();
        if (pos >= src.length()) {
            return new Token(Token.Kind.EOF, "", 0, start);
        }
        char c = src.charAt(pos);
        switch (c) {
            case '[': pos++; return new Token(Token.Kind.LBRACKET, "[", 0, start);
            case ']': pos++; return new Token(Token.Kind.RBRACKET, "]", 0, start);
            case '(': pos++; return new Token(Token.Kind.LPAREN, "(", 0, start);
            case ')': pos++; return new Token(Token.Kind.RPAREN, ")", 0, start);
            case '{': pos++; return new Token(Token.Kind.LBRACE, "{", 0, start);
            case '}': pos++; return new Token(Token.Kind.RBRACE, "}", 0, start);
            case ',': pos++; return new Token(Token.Kind.COMMA, ",", 0, start);
            case ';': pos++; return new Token(Token.Kind.SEMICOLON, ";", 0, start);
            case '"': return quotedString(start);
            case ':':
                pos++;
                if (pos < src.length() && isIdentStart(src.charAt(pos))) {
                    return new Token(Token.Kind.TAG, identifier(), 0, start);
                }
                throw error(start, "expected a tag name after ':'");
            default:
                break;
        }
        if (c >= '0' && c <= '9') {
            return number(start);
        }
        if (isIdentStart(c)) {
            String id = identifier();
            if (id.equalsIgnoreCase("text") && pos < src.length() && src.charAt(pos) == ':') {
                pos++;
                return multiLine(start);
            }
            return new Token(Token.Kind.IDENTIFIER, id, 0, start);
        }
        throw error(start, "unexpected character '" + printable(c) + "'");
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    private String identifier() {
        int s = pos;
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        return src.substring(s, pos);
    }

    private void skipWhitespaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                newline();
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                // hash comments, including a "#!" interpreter line, run to the end of the line
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '*') {
                Position start = here();
                pos += 2;
                while (true) {
                    if (pos >= src.length()) {
                        throw error(start, "unterminated bracket comment (missing '*/')");
                    }
                    char d = src.charAt(pos);
                    if (d == '*' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
                        pos += 2;
                        break;
                    }
                    pos++;
                    if (d == '\n') {
                        newline();
                    }
                }
            } else {
                return;
            }
        }
    }

    private Token number(Position start) {
        int s = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos)) && src.charAt(pos) < 128) {
            pos++;
        }
        long value;
        try {
            value = Long.parseLong(src.substring(s, pos));
        } catch (NumberFormatException e) {
            throw error(start, "number is too large");
        }
        if (pos < src.length()) {
            char q = Character.toUpperCase(src.charAt(pos));
            int shift = q == 'K' ? 10 : q == 'M' ? 20 : q == 'G' ? 30 : 0;
            if (shift > 0) {
                pos++;
                if (value > (Long.MAX_VALUE >> shift)) {
                    throw error(start, "number is too large");
                }
                value <<= shift;
            }
        }
        if (pos < src.length() && isIdentPart(src.charAt(pos))) {
            throw error(here(), "invalid character '" + src.charAt(pos) + "' after number");
        }
        return new Token(Token.Kind.NUMBER, src.substring(s, pos), value, start);
    }

    private Token quotedString(Position start) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(start, "unterminated string (missing closing '\"')");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return new Token(Token.Kind.STRING, sb.toString(), 0, start);
            }
            if (c == '\\') {
                if (pos >= src.length()) {
                    throw error(start, "unterminated string (missing closing '\"')");
                }
                // RFC 5228 2.4.2: only \\ and \" are defined; any other escaped char stands for itself
                c = src.charAt(pos++);
            }
            if (c == '\n') {
                newline();
            }
            sb.append(c);
        }
    }

    private Token multiLine(Position start) {
        // text: *(SP / HTAB) (hash-comment / CRLF)
        while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '#') {
            while (pos < src.length() && src.charAt(pos) != '\n') {
                pos++;
            }
        } else if (pos < src.length() && src.charAt(pos) == '\r') {
            pos++;
        }
        if (pos >= src.length() || src.charAt(pos) != '\n') {
            throw error(here(), "expected end of line after 'text:'");
        }
        pos++;
        newline();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(start, "unterminated multi-line string (missing '.' line)");
            }
            int eol = src.indexOf('\n', pos);
            int end = eol < 0 ? src.length() : eol;
            String l = src.substring(pos, end);
            if (l.endsWith("\r")) {
                l = l.substring(0, l.length() - 1);
            }
            pos = eol < 0 ? src.length() : eol + 1;
            if (eol >= 0) {
                newline();
            }
            if (l.equals(".")) {
                return new Token(Token.Kind.STRING, sb.toString(), 0, start);
            }
            if (l.startsWith(".")) {
                l = l.substring(1); // dot-stuffing
            }
            sb.append(l).append("\r\n");
        }
    }
}
