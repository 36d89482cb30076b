package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A large RETR arrives byte for byte over TLS, on pop3s and after STLS, as it does in plaintext. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Pop3TlsRetrTest {
    @TempDir
    Path dir;
    private Pop3Fixture fixture;
    private SSLContext trusting;
    private String message;

    @BeforeEach
    void start() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "EC", TestTls.KeyFormat.TRADITIONAL);
        trusting = TestTls.trusting(files.cert());
        fixture = new Pop3Fixture(dir, TestConfig.tls(files));
        message = bigMessage();
        fixture.deliver("alice", message);
        fixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** 8 MB with lines that need dot-stuffing, each line different so a misplaced record shows. */
    private static String bigMessage() {
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        while (big.length() < 8_000_000) {
            big.append(".line ").append(big.length()).append(" of a message sent over TLS\r\n");
        }
        return big.toString();
    }

    private byte[] expectedRetr() {
        return ("+OK " + message.length() + " octets\r\n" + message.replace("\r\n.line", "\r\n..line") + ".\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void retrOfAnEightMegabyteMessageOverPop3sIsExact() throws Exception {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket();
        try (socket) {
            socket.connect(new InetSocketAddress("127.0.0.1", fixture.port("pop3s")), 5000);
            socket.setSoTimeout(10_000);
            retrAndCompare(socket);
        }
    }

    @Test
    void retrOfAnEightMegabyteMessageAfterStlsIsExact() throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", fixture.port()), 5000);
            plain.setSoTimeout(10_000);
            InputStream in = plain.getInputStream();
            assertThat(readLine(in)).startsWith("+OK ");
            plain.getOutputStream().write("STLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("+OK Begin TLS negotiation now.");
            SSLSocket socket = TestTls.upgrade(plain, trusting);
            retrAndCompare(socket, false);
        }
    }

    private void retrAndCompare(SSLSocket socket) throws IOException {
        retrAndCompare(socket, true);
    }

    private void retrAndCompare(SSLSocket socket, boolean greeting) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        OutputStream out = socket.getOutputStream();
        if (greeting) {
            assertThat(readLine(in)).startsWith("+OK ");
        }
        out.write("USER alice\r\nPASS secret\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(in)).isEqualTo("+OK");
        assertThat(readLine(in)).isEqualTo("+OK Logged in.");
        out.write("RETR 1\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] expected = expectedRetr();
        byte[] got = in.readNBytes(expected.length);
        assertThat(got.length).isEqualTo(expected.length);
        assertThat(Arrays.mismatch(got, expected)).as("first differing byte").isEqualTo(-1);
        assertThat(readLine(in)).isEqualTo("+OK");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
