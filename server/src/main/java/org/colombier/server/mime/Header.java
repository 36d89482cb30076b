package org.colombier.server.mime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The header of a message or MIME part: its fields in order, and where it lies in the raw message.
 *
 * @param offset where the header starts in the raw message
 * @param size   its size in bytes, the blank line that ends it included
 */
public record Header(long offset, long size, List<HeaderField> fields) {
    public Header {
        fields = List.copyOf(fields);
    }

    /** The first field named {@code name} (case-insensitive), or null. */
    public HeaderField first(String name) {
        for (HeaderField f : fields) {
            if (f.is(name)) {
                return f;
            }
        }
        return null;
    }

    /** The last field named {@code name} (case-insensitive), or null: ENVELOPE takes the last, as Dovecot. */
    public HeaderField last(String name) {
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (fields.get(i).is(name)) {
                return fields.get(i);
            }
        }
        return null;
    }

    /** The value of the first field named {@code name} (see {@link HeaderField#value()}), or null. */
    public String value(String name) {
        HeaderField f = first(name);
        return f == null ? null : f.value();
    }

    /** All fields named {@code name}, in order. */
    public List<HeaderField> all(String name) {
        List<HeaderField> out = new ArrayList<>();
        for (HeaderField f : fields) {
            if (f.is(name)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The fields whose names are (or, with {@code exclude}, are not) in {@code names}, in their
     * original order, followed by the blank line: BODY[HEADER.FIELDS (...)] as Dovecot answers it.
     */
    public byte[] select(Collection<String> names, boolean exclude) {
        StringBuilder sb = new StringBuilder();
        for (HeaderField f : fields) {
            boolean named = false;
            for (String n : names) {
                if (f.is(n)) {
                    named = true;
                    break;
                }
            }
            if (named != exclude) {
                appendCrlf(sb, f.raw());
            }
        }
        sb.append("\r\n");
        return MimeText.bytes(sb.toString());
    }

    /** Appends a field with every line ending made CRLF (also the last, which a header at EOF may lack). */
    private static void appendCrlf(StringBuilder sb, String raw) {
        int end = raw.length();
        while (end > 0 && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '\n' && (i == 0 || raw.charAt(i - 1) != '\r')) {
                sb.append('\r');
            }
            sb.append(c);
        }
        sb.append("\r\n");
    }
}
