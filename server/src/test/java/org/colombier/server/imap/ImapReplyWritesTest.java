package org.colombier.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.colombier.server.testing.ImapServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's untagged lines and its completion leave the server in one write, so the client
 * gets them in one segment and the I/O thread is woken once per command, not once per line.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ImapReplyWritesTest {
    @TempDir
    Path dir;

    @Test
    void theManyLinesOfASelectReplyArriveInOneRead() throws Exception {
        try (ImapServerFixture fixture = ImapServerFixture.start(dir); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", fixture.port()), 5000);
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[65536];
            assertThat(readOnce(in, buffer)).startsWith("* OK ");
            out.write(("l LOGIN " + ImapServerFixture.USER + " " + ImapServerFixture.PASSWORD + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readOnce(in, buffer)).startsWith("l OK ");
            for (int i = 0; i < 5; i++) {
                out.write(("s" + i + " SELECT INBOX\r\n").getBytes(StandardCharsets.US_ASCII));
                String reply = readOnce(in, buffer);
                assertThat(reply).startsWith("* FLAGS ").contains("* 0 EXISTS\r\n")
                        .endsWith("s" + i + " OK [READ-WRITE] Select completed.\r\n");
            }
        }
    }

    private static String readOnce(InputStream in, byte[] buffer) throws Exception {
        int n = in.read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }
}
