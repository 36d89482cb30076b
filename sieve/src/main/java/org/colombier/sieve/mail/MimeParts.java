package org.colombier.sieve.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a message body into its MIME leaf parts for the RFC 5173 {@code body} test. */
public final class MimeParts {
    private static final Pattern PARAM = Pattern.compile(";\\s*([A-Za-z0-9_*.-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]+)");
    private static final int MAX_DEPTH = 20;

    /** A leaf part: its media type ({@code type/subtype}, lower case) and its decoded content as text. */
    public record Part(String contentType, String text) { }

    private MimeParts() {
    }

    public static List<Part> parse(List<HeaderField> headers, byte[] body) {
        List<Part> out = new ArrayList<>();
        walk(headers, body, "text/plain", 0, out);
        return out;
    }

    private static String header(List<HeaderField> headers, String name) {
        for (HeaderField h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.unfolded();
            }
        }
        return null;
    }

    static String param(String headerValue, String name) {
        if (headerValue == null) {
            return null;
        }
        Matcher m = PARAM.matcher(headerValue);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(name)) {
                return m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2);
            }
        }
        return null;
    }

    private static void walk(List<HeaderField> headers, byte[] body, String defaultType, int depth, List<Part> out) {
        String ct = header(headers, "Content-Type");
        String type = defaultType;
        if (ct != null) {
            String t = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (t.contains("/")) {
                type = t;
            }
        }
        if (type.startsWith("multipart/") && depth < MAX_DEPTH) {
            String boundary = param(ct, "boundary");
            if (boundary != null) {
                String child = type.equals("multipart/digest") ? "message/rfc822" : "text/plain";
                for (byte[] part : split(body, boundary)) {
                    try {
                        long[] off = new long[1];
                        ByteArrayInputStream in = new ByteArrayInputStream(part);
                        List<HeaderField> h = ParsedMessage.readHeader(in, off);
                        walk(h, java.util.Arrays.copyOfRange(part, (int) off[0], part.length), child, depth + 1, out);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return;
            }
        }
        byte[] decoded = decodeTransfer(header(headers, "Content-Transfer-Encoding"), body);
        if (type.equals("message/rfc822") && depth < MAX_DEPTH) {
            ParsedMessage inner = ParsedMessage.of(decoded);
            out.add(new Part(type, new String(decoded, StandardCharsets.UTF_8)));
            try {
                walk(inner.headers(), inner.openBody().readAllBytes(), "text/plain", depth + 1, out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        Charset cs = StandardCharsets.UTF_8;
        String charset = param(ct, "charset");
        if (charset != null) {
            try {
                cs = Charset.forName(charset);
            } catch (IllegalArgumentException e) {
                cs = StandardCharsets.UTF_8;
            }
        }
        out.add(new Part(type, new String(decoded, cs)));
    }

    private static List<byte[]> split(byte[] body, String boundary) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<byte[]> parts = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i <= s.length()) {
            int eol = s.indexOf('\n', i);
            int end = eol < 0 ? s.length() : eol;
            String line = s.substring(i, end).replaceAll("\\s+$", "");
            if (line.equals(delimiter) || line.equals(delimiter + "--")) {
                if (start >= 0) {
                    int stop = i;
                    if (stop > start && s.charAt(stop - 1) == '\n') {
                        stop--;
                    }
                    if (stop > start && s.charAt(stop - 1) == '\r') {
                        stop--;
                    }
                    parts.add(s.substring(start, Math.max(start, stop)).getBytes(StandardCharsets.ISO_8859_1));
                }
                if (line.endsWith("--")) {
                    break;
                }
                start = eol < 0 ? s.length() : eol + 1;
            }
            if (eol < 0) {
                break;
            }
            i = eol + 1;
        }
        return parts;
    }

    private static byte[] decodeTransfer(String cte, byte[] body) {
        String enc = cte == null ? "" : cte.trim().toLowerCase(Locale.ROOT);
        try {
            if (enc.equals("base64")) {
                return Base64.getMimeDecoder().decode(new String(body, StandardCharsets.ISO_8859_1)
                        .replaceAll("[^A-Za-z0-9+/=]", ""));
            }
        } catch (IllegalArgumentException e) {
            return body;
        }
        if (enc.equals("quoted-printable")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < body.length; i++) {
                int c = body[i] & 0xff;
                if (c == '=' && i + 1 < body.length) {
                    if (body[i + 1] == '\r' || body[i + 1] == '\n') {
                        i += body[i + 1] == '\r' && i + 2 < body.length && body[i + 2] == '\n' ? 2 : 1;
                        continue;
                    }
                    if (i + 2 < body.length) {
                        int hi = Character.digit(body[i + 1], 16);
                        int lo = Character.digit(body[i + 2], 16);
                        if (hi >= 0 && lo >= 0) {
                            out.write(hi * 16 + lo);
                            i += 2;
                            continue;
                        }
                    }
                }
                out.write(c);
            }
            return out.toByteArray();
        }
        return body;
    }
}
