package org.colombier.server.mime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.colombier.server.imap.protocol.command.FetchItem;

/**
 * What a FETCH of a section returns: a range of the raw message to stream (read nothing else), or
 * bytes made for the answer (HEADER.FIELDS, decoded BINARY).
 */
public sealed interface SectionContent {

    long length();

    /** This content cut to a {@code <offset.length>} partial; offsets past the end give nothing. */
    SectionContent partial(FetchItem.Partial partial);

    /** The bytes, from {@code raw} (the message) for a slice. */
    byte[] bytes(byte[] raw);

    /**
     * Whether the content must go as a BINARY literal {@code ~{n}} (RFC 3516): it holds NUL or a
     * CR or LF that is not part of a CRLF, as Dovecot decides.
     */
    default boolean needsLiteral8(byte[] raw) {
        byte[] b = bytes(raw);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0 || (b[i] == '\r' && (i + 1 == b.length || b[i + 1] != '\n'))
                    || (b[i] == '\n' && (i == 0 || b[i - 1] != '\r'))) {
                return true;
            }
        }
        return false;
    }

    /** {@code length} bytes of the raw message from {@code offset}. */
    record Slice(long offset, long length) implements SectionContent {
        @Override
        public SectionContent partial(FetchItem.Partial p) {
            if (p == null) {
                return this;
            }
            long start = Math.min(p.offset(), length);
            return new Slice(offset + start, Math.min(p.length(), length - start));
        }

        @Override
        public byte[] bytes(byte[] raw) {
            return Arrays.copyOfRange(raw, (int) offset, (int) (offset + length));
        }
    }

    /** Bytes that are not a range of the message. */
    record Bytes(byte[] bytes) implements SectionContent {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public byte[] bytes(byte[] raw) {
            return bytes;
        }

        @Override
        public SectionContent partial(FetchItem.Partial p) {
            if (p == null) {
                return this;
            }
            int start = (int) Math.min(p.offset(), bytes.length);
            int end = (int) Math.min((long) start + p.length(), bytes.length);
            return new Bytes(Arrays.copyOfRange(bytes, start, end));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bytes[" + new String(bytes, StandardCharsets.ISO_8859_1) + "]";
        }
    }
}
