package org.colombier.sieve.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 2047 encoded-word decoding and encoding of header text. */
public final class Rfc2047 {
    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("\\s+");

    private Rfc2047() {
    }

    /** Decodes every encoded word; whitespace between two adjacent encoded words is dropped (RFC 2047 section 6.2). */
    public static String decode(String text) {
        if (text.indexOf("=?") < 0) {
            return text;
        }
        Matcher m = WORD.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        boolean previousWasWord = false;
        while (m.find()) {
            String gap = text.substring(last, m.start());
            if (!(previousWasWord && BETWEEN_WORDS.matcher(gap).matches())) {
                sb.append(gap);
            }
            String decoded = decodeWord(m.group(1), m.group(2), m.group(3));
            if (decoded == null) {
                sb.append(m.group());
            } else {
                sb.append(decoded);
            }
            previousWasWord = decoded != null;
            last = m.end();
        }
        sb.append(text.substring(last));
        return sb.toString();
    }

    private static String decodeWord(String charsetName, String encoding, String text) {
        try {
            int star = charsetName.indexOf('*'); // RFC 2231 language suffix
            Charset cs = Charset.forName(star >= 0 ? charsetName.substring(0, star) : charsetName);
            byte[] bytes;
            if (encoding.equalsIgnoreCase("B")) {
                bytes = Base64.getMimeDecoder().decode(text);
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '_') {
                        out.write(' ');
                    } else if (c == '=' && i + 2 < text.length()) {
                        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        out.write(c);
                    }
                }
                bytes = out.toByteArray();
            }
            return new String(bytes, cs);
        } catch (IllegalArgumentException e) {
            return null; // unknown charset or broken encoding: leave the word as written
        }
    }

    /** Encodes text for a header when it is not plain ASCII (Q encoding, words short enough to fold). */
    public static String encode(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            String chunk = qEncode(new String(Character.toChars(cp)));
            if (word.length() + chunk.length() > 60) {
                out.append(out.length() > 0 ? "\r\n " : "").append("=?UTF-8?Q?").append(word).append("?=");
                word.setLength(0);
            }
            word.append(chunk);
            i += Character.charCount(cp);
        }
        out.append(out.length() > 0 ? "\r\n " : "").append("=?UTF-8?Q?").append(word).append("?=");
        return out.toString();
    }

    private static String qEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == ' ') {
                sb.append('_');
            } else if (c > 0x20 && c < 0x7f && c != '=' && c != '?' && c != '_' && c != '"') {
                sb.append((char) c);
            } else {
                sb.append(String.format("=%02X", c));
            }
        }
        return sb.toString();
    }
}
