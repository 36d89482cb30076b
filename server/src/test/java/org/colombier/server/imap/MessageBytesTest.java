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
}
