package org.colombier.server.net;

import java.nio.charset.StandardCharsets;

/**
 * What the line decoder hands to a protocol session: one command line without its CRLF, or the
 * news that a line was longer than allowed (its bytes are skipped, never buffered).
 */
public sealed interface InputLine {
    /** True when these bytes came through TLS; plaintext read before STARTTLS took effect is false. */
    boolean underTls();

    /** A complete line, CRLF (or bare LF) stripped. */
    record Text(byte[] bytes, boolean underTls) implements InputLine {
        /** The line as UTF-8; malformed bytes become U+FFFD, which no command accepts. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public boolean containsNul() {
            for (byte b : bytes) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A line passed the length limit; the rest of it up to the next LF is being discarded. */
    record TooLong(int limit, boolean underTls) implements InputLine {
    }
}
