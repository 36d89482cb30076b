package org.colombier.storage.sdbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** RFC 3501 modified UTF-7, which Dovecot uses for mailbox directory names (formats §3.4). */
final class ModifiedUtf7 {
    private static final Base64.Encoder ENC = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getDecoder();

    private ModifiedUtf7() {
    }

    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int j = i;
            while (j < s.length() && (s.charAt(j) < 0x20 || s.charAt(j) > 0x7e)) {
                j++;
            }
            out.append('&').append(ENC.encodeToString(s.substring(i, j).getBytes(StandardCharsets.UTF_16BE)).replace('/', ',')).append('-');
            i = j;
        }
        return out.toString();
    }

    static String decode(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int end = c == '&' ? s.indexOf('-', i) : -1;
            if (end < 0) {
                out.append(c);
                i++;
            } else if (end == i + 1) {
                out.append('&');
                i = end + 1;
            } else {
                out.append(new String(DEC.decode(s.substring(i + 1, end).replace(',', '/')), StandardCharsets.UTF_16BE));
                i = end + 1;
            }
        }
        return out.toString();
    }
}
