package org.colombier.sieve.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.colombier.sieve.SieveMessage;

/** A {@link SieveMessage} over bytes in memory or a spooled file. */
public final class ParsedMessage implements SieveMessage {
    private final List<HeaderField> headers;
    private final long size;
    private final long bodyOffset;
    private final byte[] bytes;
    private final Path file;

    private ParsedMessage(List<HeaderField> headers, long size, long bodyOffset, byte[] bytes, Path file) {
        this.headers = headers;
        this.size = size;
        this.bodyOffset = bodyOffset;
        this.bytes = bytes;
        this.file = file;
    }

    public static ParsedMessage of(byte[] rfc822) {
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(rfc822);
            long[] offset = new long[1];
            List<HeaderField> h = readHeader(in, offset);
            return new ParsedMessage(h, rfc822.length, offset[0], rfc822, null);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a byte array cannot fail to read
        }
    }

    public static ParsedMessage of(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            long[] offset = new long[1];
            List<HeaderField> h = readHeader(in, offset);
            return new ParsedMessage(h, Files.size(file), offset[0], null, file);
        }
    }

    @Override
    public List<HeaderField> headers() {
        return headers;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream openBody() throws IOException {
        if (bytes != null) {
            return new ByteArrayInputStream(bytes, (int) bodyOffset, bytes.length - (int) bodyOffset);
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.skipNBytes(bodyOffset);
        return in;
    }

    /** Reads header lines up to and including the empty separator line; {@code offset[0]} receives the body start. */
    static List<HeaderField> readHeader(InputStream in, long[] offset) throws IOException {
        List<HeaderField> fields = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String name = null;
        StringBuilder value = new StringBuilder();
        long read = 0;
        while (true) {
            line.reset();
            int c;
            while ((c = in.read()) >= 0) {
                read++;
                if (c == '\n') {
                    break;
                }
                line.write(c);
            }
            byte[] b = line.toByteArray();
            int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
            String text = new String(b, 0, len, StandardCharsets.UTF_8);
            boolean end = c < 0;
            if (len == 0 || (!text.isEmpty() && text.charAt(0) != ' ' && text.charAt(0) != '\t' && text.indexOf(':') < 0)) {
                if (name != null) {
                    fields.add(new HeaderField(name, value.toString()));
                }
                if (len == 0) {
                    offset[0] = read;
                    return fields;
                }
                name = null; // a malformed line without colon: skipped, as Dovecot does
            } else if (text.charAt(0) == ' ' || text.charAt(0) == '\t') {
                if (name != null) {
                    value.append("\r\n").append(text);
                }
            } else {
                if (name != null) {
                    fields.add(new HeaderField(name, value.toString()));
                }
                int colon = text.indexOf(':');
                name = text.substring(0, colon).trim();
                value.setLength(0);
                String v = text.substring(colon + 1);
                value.append(v.startsWith(" ") ? v.substring(1) : v);
            }
            if (end) {
                if (name != null) {
                    fields.add(new HeaderField(name, value.toString()));
                }
                offset[0] = read;
                return fields;
            }
        }
    }
}
