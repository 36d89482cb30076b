package org.colombier.server.imap.protocol.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The section of a {@code BODY[...]} fetch: a part path ({@code 1.2}, empty for the whole message)
 * and what of it (RFC 3501 6.4.5).
 *
 * @param fields the header field names of HEADER.FIELDS[.NOT], as the client spelled them
 */
public record Section(List<Integer> part, Kind kind, List<String> fields) {
    public enum Kind {
        /** The whole part (or message). */
        ALL(""),
        HEADER("HEADER"),
        HEADER_FIELDS("HEADER.FIELDS"),
        HEADER_FIELDS_NOT("HEADER.FIELDS.NOT"),
        TEXT("TEXT"),
        /** The MIME header of a part; needs a part path. */
        MIME("MIME");

        private final String imapName;

        Kind(String imapName) {
            this.imapName = imapName;
        }

        public String imapName() {
            return imapName;
        }
    }

    public Section {
        part = List.copyOf(part);
        fields = List.copyOf(fields);
    }

    /** Parses the text between the brackets of {@code BODY[...]}. */
    public static Section parse(String spec) throws CommandParseException {
        List<Integer> part = new ArrayList<>();
        int i = partPath(spec, part);
        String rest = spec.substring(i);
        if (rest.isEmpty()) {
            return new Section(part, Kind.ALL, List.of());
        }
        String upper = rest.toUpperCase(Locale.ROOT);
        for (Kind k : new Kind[] {Kind.HEADER, Kind.TEXT, Kind.MIME}) {
            if (upper.equals(k.imapName())) {
                if (k == Kind.MIME && part.isEmpty()) {
                    throw CommandParseException.bad("Invalid section: MIME needs a part number");
                }
                return new Section(part, k, List.of());
            }
        }
        Kind kind = upper.startsWith("HEADER.FIELDS.NOT ") ? Kind.HEADER_FIELDS_NOT
                : upper.startsWith("HEADER.FIELDS ") ? Kind.HEADER_FIELDS : null;
        if (kind == null) {
            throw CommandParseException.bad("Invalid section: " + spec);
        }
        String list = rest.substring(kind.imapName().length() + 1);
        if (!list.startsWith("(") || !list.endsWith(")")) {
            throw CommandParseException.bad("Invalid section: header field list must be parenthesized");
        }
        List<String> fields = fieldNames(list.substring(1, list.length() - 1));
        return new Section(part, kind, fields);
    }

    /** Reads {@code 1.2.} style part numbers; returns where the rest starts. */
    static int partPath(String spec, List<Integer> part) throws CommandParseException {
        int i = 0;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            int start = i;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                i++;
            }
            long n = Args.number(spec.substring(start, i), "part number", Integer.MAX_VALUE);
            if (n == 0) {
                throw CommandParseException.bad("Invalid section: part numbers start at 1");
            }
            part.add((int) n);
            if (i == spec.length()) {
                break;
            }
            if (spec.charAt(i) != '.') {
                throw CommandParseException.bad("Invalid section: " + spec);
            }
            i++;
            if (i == spec.length()) {
                throw CommandParseException.bad("Invalid section: " + spec);
            }
        }
        return i;
    }

    private static List<String> fieldNames(String text) throws CommandParseException {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            if (text.charAt(i) == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) {
                    throw CommandParseException.bad("Invalid section: unterminated header field name");
                }
                fields.add(text.substring(i + 1, end));
                i = end + 1;
            } else {
                while (i < text.length() && text.charAt(i) != ' ') {
                    char c = text.charAt(i);
                    if (c == '(' || c == ')' || c == ':') {
                        throw CommandParseException.bad("Invalid header field name in section");
                    }
                    i++;
                }
                fields.add(text.substring(start, i));
            }
            if (i < text.length()) {
                if (text.charAt(i) != ' ' || i + 1 == text.length()) {
                    throw CommandParseException.bad("Invalid header field list in section");
                }
                i++;
            }
        }
        if (fields.isEmpty() || fields.contains("")) {
            throw CommandParseException.bad("Invalid section: empty header field list");
        }
        return fields;
    }

    /** The section as written between brackets in a FETCH response. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int p : part) {
            sb.append(sb.length() == 0 ? "" : ".").append(p);
        }
        if (kind != Kind.ALL) {
            sb.append(sb.length() == 0 ? "" : ".").append(kind.imapName());
        }
        if (!fields.isEmpty()) {
            sb.append(" (").append(String.join(" ", fields)).append(')');
        }
        return sb.toString();
    }
}
