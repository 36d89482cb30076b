package org.colombier.sieve.syntax;

/** One lexical token of a Sieve script. {@code text} is the identifier, tag name (without ':') or string value. */
record Token(Kind kind, String text, long number, Position pos) {
    enum Kind { IDENTIFIER, TAG, NUMBER, STRING, LBRACKET, RBRACKET, LPAREN, RPAREN, LBRACE, RBRACE, COMMA, SEMICOLON, EOF }

    String describe() {
        return switch (kind) {
            case IDENTIFIER -> "identifier '" + text + "'";
            case TAG -> "tag ':" + text + "'";
            case NUMBER -> "number " + number;
            case STRING -> "string";
            case EOF -> "end of script";
            default -> "'" + text + "'";
        };
    }
}
