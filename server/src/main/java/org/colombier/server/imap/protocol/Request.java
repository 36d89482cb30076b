package org.colombier.server.imap.protocol;

import java.util.List;

/**
 * One complete client command: its tag, its name in upper case and its arguments. Literal
 * arguments may be spooled to disk: close the request once the command has run.
 */
public record Request(String tag, String command, List<Token> args) implements AutoCloseable {
    public Request {
        args = List.copyOf(args);
    }

    @Override
    public void close() {
        closeAll(args);
    }

    static void closeAll(List<Token> tokens) {
        for (Token t : tokens) {
            if (t instanceof Token.LiteralToken l) {
                l.literal().close();
            } else if (t instanceof Token.ListToken l) {
                closeAll(l.items());
            }
        }
    }
}
