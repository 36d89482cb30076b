package org.colombier.auth.sasl;

/**
 * One authentication exchange with one client, as a state machine with no I/O: the protocol
 * decodes the client's base64 and feeds the bytes in, and encodes what comes out. A step may call
 * the passdb, which may block: run it off the I/O threads. Nothing here logs payloads or passwords.
 */
public interface SaslServer {
    /** The mechanism name, e.g. {@code SCRAM-SHA-256}. */
    String mechanism();

    /**
     * @param response the client's message; on the first step null when the client sent no initial
     *                 response (an empty initial response, IMAP's {@code =}, is an empty array)
     */
    SaslStep step(byte[] response);
}
