package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MessageBytesTest {
    private static final String STORED = "Subject: a\nX: b\r\n\nline\n\n.dot\r\nend\n";
    private static final String SERVED = "Subject: a\r\nX: b\r\n\r\nline\r\n\r\n.dot\r\nend\r\n";

    /** Reads {@code in} with reads of at most {@code chunk} bytes. */
    private static String readInChunks(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf, 0, chunk)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static InputStream stored() {
        return MessageBytes.crlf(new ByteArrayInputStream(STORED.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void bareLfBecomesCrlfWhateverTheReadSize() throws IOException {
        for (int chunk = 1; chunk <= SERVED.length() + 2; chunk++) {
            assertThat(readInChunks(stored(), chunk)).as("reads of %d bytes", chunk).isEqualTo(SERVED);
        }
    }

    @Test
    void singleByteReadsGiveTheSameBytes() throws IOException {
        InputStream in = stored();
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            sb.append((char) b);
        }
        assertThat(sb).hasToString(SERVED);
    }

    @Test
    void crlfAlreadyThereIsLeftAlone() throws IOException {
        String crlf = "a\r\nb\r\n";
        assertThat(readInChunks(MessageBytes.crlf(new ByteArrayInputStream(crlf.getBytes(StandardCharsets.US_ASCII))), 4096))
                .isEqualTo(crlf);
    }

    @Test
    void skipCountsServedBytes() throws IOException {
        InputStream in = stored();
        assertThat(in.skip(12)).isEqualTo(12);
        assertThat(readInChunks(in, 7)).isEqualTo(SERVED.substring(12));
    }

    /** Gives one byte per read, and counts how many were taken. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        int taken;

        Trickle(String s) {
            data = s.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public int read() {
            return taken < data.length ? data[taken++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }

    private static String header(InputStream in) throws IOException {
        return new String(MessageBytes.headerBlock(in), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theHeaderBlockEndsAtTheFirstEmptyLineEvenWhenReadsSplitIt() throws IOException {
        Trickle in = new Trickle("Subject: a\r\nX: b\r\n\r\nbody\r\n\r\nmore\r\n");
        assertThat(header(in)).isEqualTo("Subject: a\r\nX: b\r\n\r\n");
        assertThat(in.taken).as("bytes taken from the file").isEqualTo("Subject: a\r\nX: b\r\n\r\n".length());
        assertThat(header(new Trickle("\r\nbody\r\n"))).isEqualTo("\r\n");
        assertThat(header(new Trickle("Subject: no body"))).isEqualTo("Subject: no body");
        assertThat(header(new Trickle(""))).isEmpty();
        assertThat(header(stored())).isEqualTo("Subject: a\r\nX: b\r\n\r\n");
    }

    @Test
    void aLargeBodyIsNotRead() throws IOException {
        String head = "Subject: big\r\n" + "X-Pad: " + "p".repeat(10_000) + "\r\n\r\n";
        byte[] message = (head + "b".repeat(5_000_000)).getBytes(StandardCharsets.ISO_8859_1);
        int[] taken = {0};
        InputStream file = new ByteArrayInputStream(message) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                taken[0] += Math.max(0, n);
                return n;
            }
        };
        assertThat(header(MessageBytes.crlf(file, 8192))).isEqualTo(head);
        assertThat(taken[0]).as("bytes read from the file").isLessThan(head.length() + 64 * 1024);
    }
}
