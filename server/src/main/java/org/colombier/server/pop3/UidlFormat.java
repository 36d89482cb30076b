package org.colombier.server.pop3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dovecot's {@code pop3_uidl_format}, parsed once. Both spellings are read:
 * <ul>
 * <li>2.3: {@code %08Xu%08Xv} — {@code %[0][width][X|x]<var>} with the one-letter variables
 *     {@code u} (UID), {@code v} (UIDVALIDITY), {@code m} (header MD5), {@code f} (file name),
 *     {@code g} (GUID) or their long forms {@code %{uid}}, {@code %{uidvalidity}}, {@code %{md5}},
 *     {@code %{filename}}, {@code %{guid}}; {@code X} (or {@code x}) prints a number in hex — lower
 *     case, as Dovecot's {@code %llx} does, so the default gives {@code 000000016b065e93};</li>
 * <li>2.4: {@code %{uid | hex(8)}%{uidvalidity | hex(8)}} — filters {@code hex}, {@code hex(N)}
 *     (lower case, zero-padded, cut to the last N digits as Dovecot does), {@code upper}, {@code lower}.</li>
 * </ul>
 * A format Dovecot would refuse (unknown variable, stray {@code %}) is refused here too.
 */
public final class UidlFormat {
    /** Dovecot's default. */
    public static final String DEFAULT = "%08Xu%08Xv";

    /** What a UIDL is made of for one message. */
    public record Values(long uid, long uidValidity, String md5, String fileName, String guid) {
    }

    enum Variable {
        UID('u', "uid"), UIDVALIDITY('v', "uidvalidity"), MD5('m', "md5"), FILENAME('f', "filename"), GUID('g', "guid");

        final char letter;
        final String longName;

        Variable(char letter, String longName) {
            this.letter = letter;
            this.longName = longName;
        }

        static Variable of(String name) {
            for (Variable v : values()) {
                if (v.longName.equals(name) || name.length() == 1 && v.letter == name.charAt(0)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("pop3_uidl_format: unknown variable '" + name + "'");
        }

        String value(Values values) {
            return switch (this) {
                case UID -> Long.toString(values.uid());
                case UIDVALIDITY -> Long.toString(values.uidValidity());
                case MD5 -> nullToEmpty(values.md5());
                case FILENAME -> nullToEmpty(values.fileName());
                case GUID -> nullToEmpty(values.guid());
            };
        }
    }

    private sealed interface Part permits Text, Expansion {
    }

    private record Text(String text) implements Part {
    }

    /** One variable: 2.3 width/hex modifiers, then 2.4 filters. */
    private record Expansion(Variable variable, int width, boolean zeroPad, boolean hex, List<String> filters)
            implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private UidlFormat(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    public static UidlFormat parse(String format) {
        if (format == null || format.isEmpty()) {
            throw new IllegalArgumentException("pop3_uidl_format is empty");
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                text.append(c);
                continue;
            }
            if (i < format.length() && format.charAt(i) == '%') {
                text.append('%');
                i++;
                continue;
            }
            if (text.length() > 0) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
            boolean zeroPad = false;
            int width = 0;
            if (i < format.length() && format.charAt(i) == '0') {
                zeroPad = true;
                i++;
            }
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                width = width * 10 + format.charAt(i++) - '0';
                if (width > 64) {
                    throw new IllegalArgumentException("pop3_uidl_format: width too large in " + format);
                }
            }
            boolean hex = false;
            if (i < format.length() && (format.charAt(i) == 'X' || format.charAt(i) == 'x')) {
                hex = true;
                i++;
            }
            if (i >= format.length()) {
                throw new IllegalArgumentException("pop3_uidl_format: '%' without a variable in " + format);
            }
            if (format.charAt(i) == '{') {
                int close = format.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("pop3_uidl_format: unclosed %{ in " + format);
                }
                String[] pieces = format.substring(i + 1, close).split("\\|");
                List<String> filters = new ArrayList<>();
                for (int p = 1; p < pieces.length; p++) {
                    filters.add(checkFilter(pieces[p].trim()));
                }
                parts.add(new Expansion(Variable.of(pieces[0].trim()), width, zeroPad, hex, filters));
                i = close + 1;
            } else {
                parts.add(new Expansion(Variable.of(String.valueOf(format.charAt(i++))), width, zeroPad, hex, List.of()));
            }
        }
        if (text.length() > 0) {
            parts.add(new Text(text.toString()));
        }
        return new UidlFormat(format, parts);
    }

    private static String checkFilter(String filter) {
        if (filter.equals("hex") || filter.equals("upper") || filter.equals("lower") || filter.matches("hex\\(\\d{1,2}\\)")) {
            return filter;
        }
        throw new IllegalArgumentException("pop3_uidl_format: unsupported filter '" + filter + "'");
    }

    /** Whether the format needs the header MD5, which costs a read of each message's header. */
    public boolean needsMd5() {
        return parts.stream().anyMatch(p -> p instanceof Expansion e && e.variable() == Variable.MD5);
    }

    public String format(Values values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text t) {
                out.append(t.text());
            } else {
                out.append(expand((Expansion) part, values));
            }
        }
        return out.toString();
    }

    private static String expand(Expansion e, Values values) {
        String value = e.variable().value(values);
        if (e.hex()) {
            value = hex(value);
        }
        for (String filter : e.filters()) {
            value = switch (filter) {
                case "upper" -> value.toUpperCase(Locale.ROOT);
                case "lower" -> value.toLowerCase(Locale.ROOT);
                case "hex" -> hex(value);
                default -> fixedWidth(hex(value), Integer.parseInt(filter.substring(4, filter.length() - 1)));
            };
        }
        if (value.length() < e.width()) {
            String pad = (e.zeroPad() ? "0" : " ").repeat(e.width() - value.length());
            value = pad + value;
        }
        return value;
    }

    /** A decimal number in lower-case hex; anything else is left as it is (Dovecot 2.3 does the same). */
    private static String hex(String value) {
        try {
            return Long.toHexString(Long.parseUnsignedLong(value));
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** Dovecot 2.4 {@code hex(N)}: zero-padded to N digits, or only its last N digits. */
    private static String fixedWidth(String hex, int width) {
        if (hex.length() < width) {
            return "0".repeat(width - hex.length()) + hex;
        }
        return hex.substring(hex.length() - width);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return source;
    }
}
