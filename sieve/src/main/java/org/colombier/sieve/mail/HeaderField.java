package org.colombier.sieve.mail;

/** One header field as it appears in the message: {@code value} is raw (folded, undecoded), without the trailing CRLF. */
public record HeaderField(String name, String value) {
    /** The value unfolded and with RFC 2047 encoded words decoded, as Sieve tests compare it. */
    public String decoded() {
        return Rfc2047.decode(unfolded());
    }

    public String unfolded() {
        return value.replaceAll("\r?\n(?=[ \t])", "").trim();
    }
}
