package org.colombier.server.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.colombier.server.Server;
import org.colombier.server.testing.MailFixture;
import org.colombier.server.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** LMTP on a {@code unix_listener}: path under base_dir, its mode, real clients, stale sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LmtpUnixSocketTest {
    @TempDir
    Path dir;

    @Test
    void aRelativeSocketIsCreatedUnderBaseDirWithItsModeAndDeliversAPipelinedTransaction() throws Exception {
        MailFixture mail = new MailFixture(dir).user("alice@example.org");
        Path baseDir = dir.resolve("run");
        try (Server server = Server.start(mail.config().set("base_dir", baseDir.toString(), 5)
                .lmtpSocket(Path.of("private/lmtp"), 0600).build())) {
            Path socket = baseDir.resolve("private/lmtp");
            assertThat(server.unixSockets()).containsExactly(socket);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(channel);
                assertThat(in.readLine()).isEqualTo("220 mx.test Colombier LMTP ready");
                out.write(("LHLO postfix.test\r\nMAIL FROM:<s@example.net>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n"
                        + "Subject: over a unix socket\r\n\r\nhello\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
                String line;
                StringBuilder replies = new StringBuilder();
                while ((line = in.readLine()) != null) {
                    replies.append(line).append('\n');
                }
                assertThat(replies.toString()).contains("250 2.1.5 OK\n354 OK\n250 2.0.0 <alice@example.org> ")
                        .endsWith("221 2.0.0 mx.test closing connection\n");
            }
            assertThat(mail.inbox("alice@example.org")).singleElement().asString()
                    .contains("Received: from postfix.test\r\n\tby mx.test with LMTP\r\n")
                    .endsWith("Subject: over a unix socket\r\n\r\nhello\r\n");
            server.stop();
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void pythonSmtplibDeliversOverTheSocketAndAStaleSocketFileIsReplaced() throws Exception {
        MailFixture mail = new MailFixture(dir).user("alice@example.org");
        Path socket = dir.resolve("lmtp.sock");
        // a socket file left behind by a crashed server: nobody listens on it any more
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        try (Server server = Server.start(mail.config().lmtpSocket(socket, 0666).build())) {
            assumeTrue(Tools.onPath("python3"),
                    "python3 is not installed: skipping the smtplib part");
            String script = String.join("\n",
                    "import smtplib, sys",
                    "s = smtplib.LMTP(sys.argv[1])",
                    "print(s.sendmail('s@example.net', ['alice@example.org'], 'Subject: py\\r\\n\\r\\nover unix\\r\\n'))",
                    "s.quit()");
            Path file = Files.writeString(dir.resolve("unix.py"), script);
            Process python = new ProcessBuilder("python3", file.toString(), socket.toString()).redirectErrorStream(true).start();
            assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.exitValue()).as(output).isZero();
            assertThat(mail.inbox("alice@example.org")).singleElement().asString().endsWith("Subject: py\r\n\r\nover unix\r\n");
        }
    }

    @Test
    void aSocketSomeoneListensOnIsNotTakenOver() throws Exception {
        MailFixture mail = new MailFixture(dir).user("alice@example.org");
        Path socket = dir.resolve("busy.sock");
        try (ServerSocketChannel busy = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            busy.bind(UnixDomainSocketAddress.of(socket));
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> Server.start(mail.config().lmtpSocket(socket, 0600).build())))
                    .hasMessageContaining("in use by another process");
        }
    }
}
