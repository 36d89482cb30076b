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
     * The value as Dovecot reads it for ENVELOPE, BODYSTRUCTURE and SEARCH: whitespace after the
     * colon skipped (all of it, or one char when the line holds only whitespace), line breaks
     * removed with the folding whitespace kept, trailing whitespace kept; one char per byte.
     */
    public String value() {
        int i = raw.indexOf(':') + 1;
        int lineEnd = raw.indexOf('\n', i);
        int firstEnd = lineEnd < 0 ? raw.length() : lineEnd;
        int skip = i;
        while (skip < firstEnd && (raw.charAt(skip) == ' ' || raw.charAt(skip) == '\t')) {
            skip++;
        }
        if (skip == firstEnd || (skip == firstEnd - 1 && raw.charAt(skip) == '\r')) {
            skip = i < firstEnd && (raw.charAt(i) == ' ' || raw.charAt(i) == '\t') ? i + 1 : i;
        }
        StringBuilder sb = new StringBuilder(raw.length() - skip);
        for (int k = skip; k < raw.length(); k++) {
            char c = raw.charAt(k);
            if (c != '\r' && c != '\n') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The value as text: UTF-8 when the bytes are valid UTF-8, ISO-8859-1 otherwise. */
    public String text() {
        return MimeText.bytesToText(value());
    }
}
