package org.colombier.server.mime;

/**
 * One header field as it appears in the message.
 *
 * @param name   the field name as written (no colon)
 * @param raw    the whole field, folded lines and line ending included, one char per byte (ISO-8859-1)
 * @param offset where the field starts in the raw message
 */
public record HeaderField(String name, String raw, long offset) {

    /** True when this field's name equals {@code other}, ignoring case. */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /**
     * The value with line breaks removed (folding whitespace kept), leading and trailing whitespace
     * stripped, one char per byte: what Dovecot puts in ENVELOPE and BODYSTRUCTURE.
     */
    public String value() {
        int colon = raw.indexOf(':');
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = colon + 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\r' && c != '\n') {
                sb.append(c);
            }
        }
        return MimeText.trimWhitespace(sb.toString());
    }

    /** The value as text: UTF-8 when the bytes are valid UTF-8, ISO-8859-1 otherwise. */
    public String text() {
        return MimeText.bytesToText(value());
    }
}
