package org.colombier.storage.maildir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** IMAP modified UTF-7 (RFC 3501 5.1.3), the encoding Dovecot uses for mailbox directory names. */
final class ModifiedUtf7 {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {
    }

    static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int start = i;
            while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e)) {
                i++;
            }
            byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
        }
        return out.toString();
    }

    /** Decodes {@code name}; throws IllegalArgumentException if it is not valid modified UTF-7. */
    static String decode(String name) {
        StringBuilder out = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c != '&') {
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("not modified UTF-7: " + name);
                }
                out.append(c);
                i++;
                continue;
            }
            int end = name.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated shift in " + name);
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                byte[] utf16 = DECODER.decode(name.substring(i + 1, end).replace(',', '/'));
                if (utf16.length % 2 != 0) {
                    throw new IllegalArgumentException("odd UTF-16 length in " + name);
                }
                out.append(StandardCharsets.UTF_16BE.decode(ByteBuffer.wrap(utf16)));
            }
            i = end + 1;
        }
        return out.toString();
    }
}
