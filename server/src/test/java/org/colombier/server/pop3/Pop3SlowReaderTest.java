package org.colombier.server.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.colombier.server.Server;
import org.colombier.server.ServerOptions;
import org.colombier.server.net.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that read a large RETR slowly or not at all: each holds back only its own response,
 * never a worker thread, and one that stops reading is disconnected after the write timeout.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Pop3SlowReaderTest {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(6);
    /** Twice the workers: with a worker held per stalled client, nobody else would be served. */
    private static final int WORKERS = 2;
    private static final int STALLED = 2 * WORKERS + 2;

    @TempDir
    Path dir;
    private Pop3Fixture fixture;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Far more than the socket buffers of both ends hold, with lines that need dot-stuffing. */
    private static String bigMessage() {
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        while (big.length() < 8_000_000) {
            big.append(".line ").append(big.length()).append(" of a message nobody reads in one go\r\n");
        }
        return big.toString();
    }

    private static byte[] stuffed(String message) {
        return (message.replace("\r\n.line", "\r\n..line") + ".\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A client with a small receive window, so the server soon has nowhere to put more. */
    private Socket smallWindowClient(int port) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One CRLF line, read a byte at a time so nothing behind it is taken from the socket. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Everything until the server closes the connection (a reset counts as closed). */
    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // the server closed with unread data in its buffers
        }
        return all.toByteArray();
    }

    private static boolean aliceConnected(Server server) {
        return server.liveSessions().connections().stream().map(Connection::user).anyMatch("alice"::equals);
    }

    @Test
    void stalledRetrsHoldNoWorkerAndAreDisconnectedAfterTheWriteTimeout() throws Exception {
        fixture = new Pop3Fixture(dir);
        String big = bigMessage();
        fixture.deliver("alice", big);
        fixture.deliver("bob", Pop3Fixture.message(1));
        Server server = fixture.start(ServerOptions.DEFAULTS.withWorkerThreads(WORKERS).withPop3WriteTimeout(WRITE_TIMEOUT));
        List<InputStream> stalled = new ArrayList<>();
        for (int i = 0; i < STALLED; i++) {
            Socket socket = smallWindowClient(fixture.port());
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write("USER alice\r\nPASS secret\r\nRETR 1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).startsWith("+OK Colombier ready.");
            assertThat(readLine(in)).isEqualTo("+OK");
            assertThat(readLine(in)).isEqualTo("+OK Logged in.");
            assertThat(readLine(in)).isEqualTo("+OK " + big.length() + " octets");
            stalled.add(in);
        }
        long stalledAt = System.nanoTime();
        // let every transfer fill the socket buffers and come to a stop
        Thread.sleep(1000);

        long start = System.nanoTime();
        try (Pop3Wire bob = fixture.login("bob")) {
            assertThat(bob.command("RETR 1")).startsWith("+OK ");
            assertThat(new String(bob.readMultiLine(), StandardCharsets.US_ASCII)).startsWith("From: ");
            assertThat(bob.command("QUIT")).isEqualTo("+OK Logging out.");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a normal client is served at once")
                .isLessThan(WRITE_TIMEOUT.dividedBy(2));

        long deadline = System.nanoTime() + WRITE_TIMEOUT.plusSeconds(10).toNanos();
        while (aliceConnected(server) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(aliceConnected(server)).as("stalled clients are disconnected").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - stalledAt)).as("by the write timeout")
                .isGreaterThan(WRITE_TIMEOUT.minusSeconds(2));
        byte[] expected = stuffed(big);
        for (InputStream in : stalled) {
            byte[] got = readToEnd(in);
            assertThat(got.length).as("an unread response is cut short").isLessThan(expected.length);
            assertThat(got).as("what was sent is exact, dots stuffed").isEqualTo(Arrays.copyOf(expected, got.length));
        }
    }

    @Test
    void aSlowReaderGetsTheWholeMessageExactlyAndThenItsPipelinedCommands() throws Exception {
        fixture = new Pop3Fixture(dir);
        String big = bigMessage();
        fixture.deliver("alice", big);
        fixture.start(ServerOptions.DEFAULTS.withWorkerThreads(WORKERS).withPop3WriteTimeout(WRITE_TIMEOUT));
        Socket socket = smallWindowClient(fixture.port());
        InputStream in = socket.getInputStream();
        socket.getOutputStream().write("USER alice\r\nPASS secret\r\nRETR 1\r\nTOP 1 2\r\nSTAT\r\nQUIT\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(in)).startsWith("+OK Colombier ready.");
        assertThat(readLine(in)).isEqualTo("+OK");
        assertThat(readLine(in)).isEqualTo("+OK Logged in.");
        assertThat(readLine(in)).isEqualTo("+OK " + big.length() + " octets");
        byte[] expected = stuffed(big);
        byte[] got = new byte[expected.length];
        int off = 0;
        for (int reads = 1; off < got.length; reads++) {
            int n = in.read(got, off, Math.min(16 * 1024, got.length - off));
            assertThat(n).as("connection open").isPositive();
            off += n;
            if (reads % 64 == 0) {
                // slower than the server, so its writes keep pausing and resuming
                Thread.sleep(5);
            }
        }
        assertThat(Arrays.equals(got, expected)).as("the message arrives byte for byte").isTrue();
        assertThat(readLine(in)).isEqualTo("+OK");
        assertThat(readLine(in)).isEqualTo("Subject: big");
        assertThat(readLine(in)).isEmpty();
        assertThat(readLine(in)).startsWith("..line ");
        assertThat(readLine(in)).startsWith("..line ");
        assertThat(readLine(in)).isEqualTo(".");
        assertThat(readLine(in)).isEqualTo("+OK 1 " + big.length());
        assertThat(readLine(in)).isEqualTo("+OK Logging out.");
    }

    @Test
    void thousandsOfCommandsPipelinedBehindALargeMessageAreAllAnswered() throws Exception {
        fixture = new Pop3Fixture(dir);
        String big = bigMessage();
        fixture.deliver("alice", big);
        fixture.start(ServerOptions.DEFAULTS.withWorkerThreads(WORKERS).withPop3WriteTimeout(WRITE_TIMEOUT));
        Socket socket = smallWindowClient(fixture.port());
        InputStream in = socket.getInputStream();
        assertThat(readLine(in)).startsWith("+OK Colombier ready.");
        socket.getOutputStream().write("USER alice\r\nPASS secret\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(in)).isEqualTo("+OK");
        assertThat(readLine(in)).isEqualTo("+OK Logged in.");
        // more than a session holds behind a response: the rest must wait in the socket, unread
        int noops = 6000;
        socket.getOutputStream().write(("RETR 1\r\n" + "NOOP\r\n".repeat(noops) + "QUIT\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(in)).isEqualTo("+OK " + big.length() + " octets");
        byte[] expected = stuffed(big);
        assertThat(Arrays.equals(in.readNBytes(expected.length), expected)).as("the message arrives byte for byte").isTrue();
        for (int i = 0; i < noops; i++) {
            assertThat(readLine(in)).as("reply %d", i).isEqualTo("+OK");
        }
        assertThat(readLine(in)).isEqualTo("+OK Logging out.");
    }
}
