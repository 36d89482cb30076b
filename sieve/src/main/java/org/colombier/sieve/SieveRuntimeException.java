package org.colombier.sieve;

/**
 * The script failed while running (a limit was hit, an action conflicted, an include was missing...).
 * The caller must then fall back to keeping the message in INBOX, as RFC 5228 section 2.10.6 asks.
 */
public final class SieveRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SieveRuntimeException(String script, int line, String message) {
        super(script + ": line " + line + ": error: " + message);
    }
}
