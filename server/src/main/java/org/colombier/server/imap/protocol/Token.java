package org.colombier.server.imap.protocol;

import java.util.List;

/**
 * One syntactic element of a client command, as the tokenizer saw it. Typed meaning (numbers,
 * sequence sets, flags, NIL, sections) is given by the command parsers, which know the grammar;
 * the tokenizer only knows the shapes below.
 */
public sealed interface Token {

    /**
     * An atom: any run of non-special ASCII, including {@code NIL}, numbers, sequence sets
     * ({@code 1:*,$}), flags ({@code \Seen}) and fetch attributes with their section and partial
     * ({@code BODY.PEEK[HEADER.FIELDS (From To)]<0.100>}), which may contain spaces and parentheses
     * inside the brackets.
     */
    record Atom(String text) implements Token {
        public boolean is(String word) {
            return text.equalsIgnoreCase(word);
        }

        public boolean isNil() {
            return is("NIL");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A quoted string, escapes removed. */
    record Quoted(String value) implements Token {
        @Override
        public String toString() {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    /** A literal ({@code {n}}, {@code {n+}} or, for BINARY, {@code ~{n}}) and its bytes. */
    record LiteralToken(Literal literal) implements Token {
        @Override
        public String toString() {
            return (literal.binary() ? "~{" : "{") + literal.size() + "}";
        }
    }

    /** A parenthesized list. */
    record ListToken(List<Token> items) implements Token {
        public ListToken {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < items.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(items.get(i));
            }
            return sb.append(')').toString();
        }
    }
}
