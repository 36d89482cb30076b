package org.colombier.bench.imap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns response data into a tree: atoms and NIL as {@link String}, quoted strings as
 * {@link Quoted}, literals as {@code byte[]}, parenthesized lists as {@link List}. An atom such as
 * {@code BODY[HEADER.FIELDS (SUBJECT)]<0>} stays one atom.
 */
public final class Tokens {
    /** A quoted string, kept apart from atoms so {@code "NIL"} is not NIL. */
    public record Quoted(String value) {
    }

    private final String text;
    private final Iterator<byte[]> literals;
    private int pos;

    private Tokens(String text, List<byte[]> literals) {
        this.text = text;
        this.literals = literals.iterator();
    }

    public static List<Object> parse(String text, List<byte[]> literals) {
        Tokens tokens = new Tokens(text, literals);
        List<Object> out = tokens.list(false);
        if (tokens.pos < text.length()) {
            throw new IllegalArgumentException("unbalanced ')' at " + tokens.pos + " in: " + text);
        }
        return out;
    }

    private List<Object> list(boolean nested) {
        List<Object> out = new ArrayList<>();
        while (true) {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
            if (pos >= text.length()) {
                if (nested) {
                    throw new IllegalArgumentException("missing ')' in: " + text);
                }
                return out;
            }
            char c = text.charAt(pos);
            if (c == ')') {
                if (!nested) {
                    return out;
                }
                pos++;
                return out;
            } else if (c == '(') {
                pos++;
                out.add(list(true));
            } else if (c == '"') {
                out.add(quoted());
            } else if (c == '{' && literalMarkerEnd() > 0) {
                pos = literalMarkerEnd();
                if (!literals.hasNext()) {
                    throw new IllegalArgumentException("literal marker without literal in: " + text);
                }
                out.add(literals.next());
            } else {
                out.add(atom());
            }
        }
    }

    /** The index after a {@code {n}} marker starting at pos, or -1. */
    private int literalMarkerEnd() {
        int close = text.indexOf('}', pos);
        return close > 0 && ResponseReader.literalSize(text.substring(pos, close + 1)) >= 0 ? close + 1 : -1;
    }

    private Quoted quoted() {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                value.append(text.charAt(pos++));
            } else if (c == '"') {
                return new Quoted(value.toString());
            } else {
                value.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated quoted string in: " + text);
    }

    private String atom() {
        int start = pos;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth == 0 && (c == ' ' || c == '(' || c == ')')) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }
}
