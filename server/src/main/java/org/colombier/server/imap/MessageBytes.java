package org.colombier.server.imap;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.StoreError;
import org.colombier.api.storage.StoreException;

/**
 * A message's bytes as IMAP serves them: with CRLF line endings (Maildir files Dovecot or an MTA
 * wrote may have bare LF; RFC822.SIZE is the CRLF size), and the header/body split of RFC 5322.
 */
public final class MessageBytes {
    private MessageBytes() {
    }

    /** The whole message with CRLF line endings. */
    public static byte[] read(Mailbox mailbox, long uid) throws StoreException {
        try (InputStream in = crlf(mailbox.openMessage(uid))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "Cannot read message " + uid, e);
        }
    }

    /** Turns bare LF into CRLF as the bytes are read. */
    public static InputStream crlf(InputStream in) {
        return new FilterInputStream(in) {
            private int previous = -1;
            private boolean pendingLf;

            @Override
            public int read() throws IOException {
                if (pendingLf) {
                    pendingLf = false;
                    previous = '\n';
                    return '\n';
                }
                int b = super.read();
                if (b == '\n' && previous != '\r') {
                    pendingLf = true;
                    previous = '\r';
                    return '\r';
                }
                previous = b;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = 0;
                while (n < len) {
                    if (n > 0 && !pendingLf && super.available() <= 0) {
                        break;
                    }
                    int b = read();
                    if (b < 0) {
                        return n == 0 ? -1 : n;
                    }
                    buf[off + n++] = (byte) b;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = 0;
                while (k < n && read() >= 0) {
                    k++;
                }
                return k;
            }
        };
    }

    /** Where the body starts: after the first empty line, or the end when there is none. */
    public static int bodyStart(byte[] m, int from, int to) {
        if (from + 1 < to && m[from] == '\r' && m[from + 1] == '\n') {
            return from + 2;
        }
        for (int i = from; i + 3 < to; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i + 4;
            }
        }
        return to;
    }

    /** The header fields of {@code m[from, to)} as unfolded name/value pairs. */
    public static List<String[]> fields(byte[] m, int from, int to) {
        return fields(m, from, to, StandardCharsets.UTF_8);
    }

    /** As {@link #fields(byte[], int, int)}, decoding the header bytes with {@code charset}. */
    public static List<String[]> fields(byte[] m, int from, int to, java.nio.charset.Charset charset) {
        List<String[]> out = new ArrayList<>();
        String header = new String(m, from, to - from, charset);
        StringBuilder current = null;
        for (String line : header.split("\r\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(line);
                continue;
            }
            if (current != null) {
                add(out, current.toString());
            }
            current = line.isEmpty() ? null : new StringBuilder(line);
        }
        if (current != null) {
            add(out, current.toString());
        }
        return out;
    }

    private static void add(List<String[]> out, String field) {
        int colon = field.indexOf(':');
        if (colon > 0) {
            out.add(new String[] {field.substring(0, colon).trim(), field.substring(colon + 1).trim()});
        }
    }

    /**
     * The header lines of {@code m[from, to)} whose names are (or, with {@code not}, are not) in
     * {@code names}, folded lines kept, followed by the empty line (RFC 3501 HEADER.FIELDS).
     */
    public static byte[] headerFields(byte[] m, int from, int to, List<String> names, boolean not) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = from;
        boolean keep = false;
        while (i < to) {
            int end = i;
            while (end < to && !(m[end] == '\n')) {
                end++;
            }
            int next = Math.min(to, end + 1);
            if (next - i <= 2 && (m[i] == '\r' || m[i] == '\n')) {
                break;
            }
            if (m[i] == ' ' || m[i] == '\t') {
                if (keep) {
                    out.write(m, i, next - i);
                }
            } else {
                int colon = i;
                while (colon < end && m[colon] != ':') {
                    colon++;
                }
                String name = new String(m, i, colon - i, StandardCharsets.US_ASCII).trim().toLowerCase(Locale.ROOT);
                boolean listed = names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
                keep = listed != not;
                if (keep) {
                    out.write(m, i, next - i);
                }
            }
            i = next;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
