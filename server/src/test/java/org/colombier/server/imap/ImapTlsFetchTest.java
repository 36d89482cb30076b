package org.colombier.server.imap;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.colombier.api.storage.AppendRequest;
import org.colombier.api.storage.MailStore;
import org.colombier.api.storage.MailStoreProvider;
import org.colombier.api.storage.MailStoreSettings;
import org.colombier.api.storage.MailUser;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.MessageSource;
import org.colombier.api.storage.UserMailboxes;
import org.colombier.server.testing.ImapServerFixture;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A large FETCH BODY[] arrives byte for byte over TLS, on imaps and after STARTTLS. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ImapTlsFetchTest {
    @TempDir
    Path dir;
    private ImapServerFixture fixture;
    private SSLContext trusting;
    private byte[] message;

    @BeforeEach
    void start() throws Exception {
        TestTls.CertFiles files = TestTls.write(dir, "EC", TestTls.KeyFormat.TRADITIONAL);
        trusting = TestTls.trusting(files.cert());
        fixture = ImapServerFixture.start(dir, TestConfig.tls(files));
        message = bigMessage();
        Path maildir = fixture.maildir(ImapServerFixture.USER);
        try (MailStore store = MailStoreProvider.forDriver("maildir").open(new MailStoreSettings("maildir", "optimized", Map.of()));
             UserMailboxes mailboxes = store.forUser(new MailUser(ImapServerFixture.USER, maildir.getParent(), maildir, Map.of()));
             Mailbox inbox = mailboxes.open(MailboxPath.INBOX)) {
            inbox.append(AppendRequest.of(MessageSource.of(message)));
        }
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** 8 MB, each line different so a misplaced or repeated record shows. */
    private static byte[] bigMessage() {
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        while (big.length() < 8_000_000) {
            big.append("line ").append(big.length()).append(" of a message fetched over TLS\r\n");
        }
        return big.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fetchOfAnEightMegabyteBodyOverImapsIsExact() throws Exception {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket();
        try (socket) {
            socket.connect(new InetSocketAddress("127.0.0.1", fixture.server().port("imaps")), 5000);
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            assertThat(readLine(in)).startsWith("* OK ");
            fetchAndCompare(in, socket.getOutputStream());
        }
    }

    @Test
    void fetchOfAnEightMegabyteBodyAfterStartTlsIsExact() throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", fixture.port()), 5000);
            plain.setSoTimeout(10_000);
            InputStream plainIn = plain.getInputStream();
            assertThat(readLine(plainIn)).startsWith("* OK ");
            plain.getOutputStream().write("s STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(plainIn)).isEqualTo("s OK Begin TLS negotiation now.");
            SSLSocket socket = TestTls.upgrade(plain, trusting);
            fetchAndCompare(new BufferedInputStream(socket.getInputStream(), 64 * 1024), socket.getOutputStream());
        }
    }

    private void fetchAndCompare(InputStream in, OutputStream out) throws IOException {
        out.write("a LOGIN alice secret\r\nb SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
        String line;
        do {
            line = readLine(in);
        } while (!line.startsWith("b "));
        assertThat(line).startsWith("b OK ");
        out.write("c FETCH 1 BODY[]\r\nd NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(in)).isEqualTo("* 1 FETCH (BODY[] {" + message.length + "}");
        byte[] got = in.readNBytes(message.length);
        assertThat(got.length).isEqualTo(message.length);
        assertThat(Arrays.mismatch(got, message)).as("first differing byte").isEqualTo(-1);
        assertThat(readLine(in)).isEqualTo(" FLAGS (\\Seen \\Recent))");
        assertThat(readLine(in)).startsWith("c OK ");
        assertThat(readLine(in)).startsWith("d OK ");
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
