package org.colombier.sieve.syntax;

import java.util.ArrayList;
import java.util.List;
import org.colombier.sieve.SieveSyntaxException;
import org.colombier.sieve.syntax.Token.Kind;

/** Recursive descent over the RFC 5228 section 8.2 grammar, with a nesting limit so hostile input cannot overflow the stack. */
final class Parser {
    private final List<Token> tokens;
    private final String scriptName;
    private final int maxNesting;
    private int i;
    private int depth;

    Parser(List<Token> tokens, String scriptName, int maxNesting) {
        this.tokens = tokens;
        this.scriptName = scriptName;
        this.maxNesting = maxNesting;
    }

    List<Node> script() {
        List<Node> commands = commands();
        if (peek().kind() != Kind.EOF) {
            throw error(peek(), "unexpected " + peek().describe() + ", expected a command");
        }
        return commands;
    }

    private Token peek() { return tokens.get(i); }

    private Token take() { return tokens.get(i++); }

    private SieveSyntaxException error(Token t, String message) {
        return new SieveSyntaxException(scriptName, t.pos().line(), t.pos().column(), message);
    }

    private void enter(Token t, String what) {
        if (++depth > maxNesting) {
            throw error(t, what + " nesting is too deep (more than " + maxNesting + " levels)");
        }
    }

    private List<Node> commands() {
        List<Node> list = new ArrayList<>();
        while (peek().kind() == Kind.IDENTIFIER) {
            list.add(command());
        }
        return list;
    }

    private Node command() {
        Token id = take();
        List<Argument> args = arguments();
        List<Node> tests = testsAfterArguments();
        Token t = take();
        if (t.kind() == Kind.SEMICOLON) {
            return new Node(id.text().toLowerCase(), id.pos(), args, tests, null);
        }
        if (t.kind() == Kind.LBRACE) {
            enter(t, "block");
            List<Node> block = commands();
            Token close = take();
            if (close.kind() != Kind.RBRACE) {
                throw error(close, "unexpected " + close.describe() + ", expected a command or '}'");
            }
            depth--;
            return new Node(id.text().toLowerCase(), id.pos(), args, tests, block);
        }
        throw error(t, "unexpected " + t.describe() + " after command '" + id.text() + "', expected ';' or '{'");
    }

    private List<Argument> arguments() {
        List<Argument> args = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case TAG -> { take(); args.add(new Argument.Tag(t.text().toLowerCase(), t.pos())); }
                case NUMBER -> { take(); args.add(new Argument.Number(t.number(), t.pos())); }
                case STRING -> { take(); args.add(new Argument.Strings(List.of(t.text()), false, t.pos())); }
                case LBRACKET -> args.add(stringList());
                default -> { return args; }
            }
        }
    }

    private Argument stringList() {
        Token open = take();
        List<String> values = new ArrayList<>();
        while (true) {
            Token s = take();
            if (s.kind() != Kind.STRING) {
                throw error(s, "unexpected " + s.describe() + " in string list, expected a string");
            }
            values.add(s.text());
            Token sep = take();
            if (sep.kind() == Kind.RBRACKET) {
                return new Argument.Strings(List.copyOf(values), true, open.pos());
            }
            if (sep.kind() != Kind.COMMA) {
                throw error(sep, "unexpected " + sep.describe() + " in string list, expected ',' or ']'");
            }
        }
    }

    private List<Node> testsAfterArguments() {
        Token t = peek();
        if (t.kind() == Kind.IDENTIFIER) {
            return List.of(test());
        }
        if (t.kind() == Kind.LPAREN) {
            take();
            enter(t, "test list");
            List<Node> tests = new ArrayList<>();
            while (true) {
                Token first = peek();
                if (first.kind() != Kind.IDENTIFIER) {
                    throw error(first, "unexpected " + first.describe() + " in test list, expected a test");
                }
                tests.add(test());
                Token sep = take();
                if (sep.kind() == Kind.RPAREN) {
                    depth--;
                    return List.copyOf(tests);
                }
                if (sep.kind() != Kind.COMMA) {
                    throw error(sep, "unexpected " + sep.describe() + " in test list, expected ',' or ')'");
                }
            }
        }
        return List.of();
    }

    private Node test() {
        Token id = take();
        enter(id, "test");
        List<Argument> args = arguments();
        List<Node> tests = testsAfterArguments();
        depth--;
        return new Node(id.text().toLowerCase(), id.pos(), args, tests, null);
    }
}
