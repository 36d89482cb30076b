package org.colombier.server.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A Content-Type or Content-Disposition parameter as Dovecot reports it in BODYSTRUCTURE: RFC 2231
 * continuations are merged, and an extended value keeps its {@code charset'language'} prefix and
 * %-encoding under the name {@code name*}. Strings are byte strings (one char per byte).
 */
public record Param(String name, String value) {

    /** True when this is an RFC 2231 extended parameter ({@code name*}). */
    public boolean extended() {
        return name.endsWith("*");
    }

    /** The name without the RFC 2231 {@code *}. */
    public String baseName() {
        return extended() ? name.substring(0, name.length() - 1) : name;
    }

    /** The value as text: RFC 2231 charset and %-encoding undone for extended parameters. */
    public String decodedValue() {
        if (!extended()) {
            return MimeText.bytesToText(value);
        }
        int q1 = value.indexOf('\'');
        int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            return MimeText.bytesToText(value);
        }
        Charset cs = Charsets.forName(value.substring(0, q1), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = value.substring(q2 + 1);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hex = c == '%' && i + 2 < s.length() ? hex2(s.charAt(i + 1), s.charAt(i + 2)) : -1;
            if (hex >= 0) {
                out.write(hex);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return new String(out.toByteArray(), cs);
    }

    static int hex2(char a, char b) {
        int x = Character.digit(a, 16);
        int y = Character.digit(b, 16);
        return x < 0 || y < 0 ? -1 : x * 16 + y;
    }
}
