package org.colombier.server.mime;

/** BINARY asked for a part whose Content-Transfer-Encoding cannot be undone: {@code NO [UNKNOWN-CTE]} (RFC 3516). */
public final class UnknownEncodingException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownEncodingException(String encoding) {
        super("Unknown Content-Transfer-Encoding: " + encoding);
    }
}
