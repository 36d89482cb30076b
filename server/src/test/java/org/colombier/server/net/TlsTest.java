package org.colombier.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.colombier.server.Server;
import org.colombier.server.ServerOptions;
import org.colombier.server.testing.LineClient;
import org.colombier.server.testing.TestConfig;
import org.colombier.server.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Implicit TLS, STARTTLS on all three protocols, and STARTTLS command injection (CVE-2011-0411 style). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsTest {
    @TempDir
    Path dir;
    private TestTls.CertFiles files;
    private SSLContext trusting;
    private Server server;

    @BeforeEach
    void start() throws Exception {
        files = TestTls.write(dir, "EC", TestTls.KeyFormat.TRADITIONAL);
        trusting = TestTls.trusting(files.cert());
        server = Server.start(TestConfig.tls(files).build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void imapsGreetsAfterTheHandshakeWithoutStartTlsOrLoginDisabled() throws Exception {
        try (LineClient client = LineClient.connectTls(server.port("imaps"), trusting)) {
            assertThat(client.readLine()).isEqualTo(
                    "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] Colombier ready.");
            client.send("a STARTTLS");
            assertThat(client.readLine()).isEqualTo("a BAD TLS is already active.");
        }
    }

    @Test
    void pop3sGreetsAfterTheHandshake() throws Exception {
        try (LineClient client = LineClient.connectTls(server.port("pop3s"), trusting)) {
            assertThat(client.readLine()).isEqualTo("+OK Colombier ready.");
            client.send("CAPA");
            assertThat(client.readUntil(".")).doesNotContain("STLS").contains("USER");
        }
    }

    @Test
    void imapStartTlsThenCapabilityOverTls() throws Exception {
        try (LineClient client = LineClient.connect(server.port("imap"))) {
            client.readLine();
            client.send("a STARTTLS");
            assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now.");
            SSLSocket tls = client.startTls(trusting);
            assertThat(tls.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            client.send("b CAPABILITY");
            assertThat(client.readLine()).isEqualTo("* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN");
            assertThat(client.readLine()).isEqualTo("b OK Capability completed.");
        }
    }

    @Test
    void pop3StlsThenCapaOverTls() throws Exception {
        try (LineClient client = LineClient.connect(server.port("pop3"))) {
            client.readLine();
            client.send("CAPA");
            assertThat(client.readUntil(".")).containsExactly("+OK Capability list follows", "CAPA", "TOP", "UIDL",
                    "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS", "USER", "SASL PLAIN LOGIN", "IMPLEMENTATION Colombier", ".");
            client.send("STLS");
            assertThat(client.readLine()).isEqualTo("+OK Begin TLS negotiation now.");
            client.startTls(trusting);
            client.send("CAPA");
            assertThat(client.readUntil(".")).doesNotContain("STLS");
            client.send("STLS");
            assertThat(client.readLine()).isEqualTo("-ERR TLS is already active.");
        }
    }

    @Test
    void lmtpStartTlsThenLhloAgain() throws Exception {
        try (LineClient client = LineClient.connect(server.port("lmtp"))) {
            assertThat(client.readLine()).isEqualTo("220 mx.test Colombier LMTP ready");
            client.send("STARTTLS");
            assertThat(client.readLine()).isEqualTo("503 5.5.1 LHLO first");
            client.send("LHLO client.test");
            assertThat(client.readUntil("250 ")).containsExactly("250-mx.test", "250-PIPELINING", "250-8BITMIME",
                    "250-ENHANCEDSTATUSCODES", "250-CHUNKING", "250-SIZE 104857600", "250-SMTPUTF8", "250 STARTTLS");
            client.send("STARTTLS");
            assertThat(client.readLine()).isEqualTo("220 2.0.0 Ready to start TLS");
            client.startTls(trusting);
            client.send("LHLO client.test");
            assertThat(client.readUntil("250 ")).containsExactly("250-mx.test", "250-PIPELINING", "250-8BITMIME",
                    "250-ENHANCEDSTATUSCODES", "250-CHUNKING", "250-SIZE 104857600", "250 SMTPUTF8");
        }
    }

    @Test
    void imapPlaintextPipelinedAfterStartTlsIsNeverAnswered() throws Exception {
        try (LineClient client = LineClient.connect(server.port("imap"))) {
            client.readLine();
            client.sendRaw("a STARTTLS\r\nb CAPABILITY\r\n");
            assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now.");
            client.startTls(trusting);
            client.send("c NOOP");
            assertThat(client.readLine()).isEqualTo("c OK NOOP completed.");
        }
    }

    @Test
    void pop3PlaintextPipelinedAfterStlsIsNeverAnswered() throws Exception {
        try (LineClient client = LineClient.connect(server.port("pop3"))) {
            client.readLine();
            client.sendRaw("STLS\r\nCAPA\r\n");
            assertThat(client.readLine()).isEqualTo("+OK Begin TLS negotiation now.");
            client.startTls(trusting);
            client.send("NOOP");
            assertThat(client.readLine()).isEqualTo("-ERR Unknown command: NOOP");
        }
    }

    @Test
    void lmtpPlaintextPipelinedAfterStartTlsIsNeverAnswered() throws Exception {
        try (LineClient client = LineClient.connect(server.port("lmtp"))) {
            client.readLine();
            client.send("LHLO client.test");
            client.readUntil("250 ");
            client.sendRaw("STARTTLS\r\nLHLO evil.test\r\n");
            assertThat(client.readLine()).isEqualTo("220 2.0.0 Ready to start TLS");
            client.startTls(trusting);
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("221 2.0.0 mx.test closing connection");
        }
    }

    @Test
    void aPartialPlaintextLineBeforeTheHandshakeIsDiscardedToo() throws Exception {
        try (LineClient client = LineClient.connect(server.port("imap"))) {
            client.readLine();
            client.sendRaw("a STARTTLS\r\nb CAPA");
            assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now.");
            client.startTls(trusting);
            client.send("BILITY");
            // "b CAPA" was dropped, so what arrived under TLS is a tag without a command
            assertThat(client.readLine()).isEqualTo("BILITY BAD Missing command");
            client.send("c NOOP");
            assertThat(client.readLine()).isEqualTo("c OK NOOP completed.");
        }
    }

    @Test
    void sslMinProtocolIsHonoured() throws Exception {
        server.stop();
        server = Server.start(TestConfig.tls(files).minProtocol("TLSv1.3").build());
        SSLContext tls12Only = TestTls.trusting(files.cert(), "TLSv1.2");
        assertThatThrownBy(() -> {
            try (LineClient client = LineClient.connectTls(server.port("imaps"), tls12Only)) {
                SSLSocket socket = (SSLSocket) client.socket();
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                client.readLine();
            }
        }).isInstanceOf(SSLException.class);
        try (LineClient client = LineClient.connectTls(server.port("imaps"), trusting)) {
            assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(client.readLine()).startsWith("* OK ");
        }
        assertThat(List.of("TLSv1.3")).isEqualTo(Tls.of(trusting, "TLSv1.3").protocols());
    }

    @Test
    void aClientThatNeverStartsTheHandshakeIsDisconnected() throws Exception {
        server.stop();
        server = Server.start(TestConfig.tls(files).build(), ServerOptions.DEFAULTS.withLoginTimeout(Duration.ofSeconds(1)));
        try (Socket raw = new Socket("127.0.0.1", server.port("imaps"))) {
            raw.setSoTimeout(5000);
            assertThat(raw.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void plaintextOnAnImplicitTlsPortIsAHandshakeFailureNotACommand() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port("imaps"))) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write("a CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = raw.getInputStream().readAllBytes();
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("CAPABILITY");
        }
    }
}
