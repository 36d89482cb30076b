package org.colombier.server.imap;

/** A command that parsed but names something impossible (a message number above EXISTS): answered BAD. */
public final class BadCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadCommandException(String message) {
        super(message, null, false, false);
    }
}
