package org.colombier.sieve;

/**
 * The SMTP/LMTP envelope of the delivery.
 *
 * @param from the reverse-path (MAIL FROM) without angle brackets; "" or null for the null sender "&lt;&gt;"
 * @param to   the original recipient (RCPT TO) of this delivery
 * @param auth the authenticated submitter (MAIL FROM AUTH=), or null
 */
public record Envelope(String from, String to, String auth) {
    public boolean nullSender() {
        return from == null || from.isBlank() || from.trim().equals("<>");
    }
}
